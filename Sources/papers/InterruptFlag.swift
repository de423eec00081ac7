import Dispatch
import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) into a flag the ingest checks at batch boundaries, so it stops
/// between transactions with a summary instead of dying mid-batch.
final class InterruptFlag {
    /// Shared with the signal handler's queue; an atomic, so no lock is needed.
    private final class State: Sendable {
        let interrupted = Atomic<Bool>(false)
    }

    private let state = State()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [state] in
            if state.interrupted.exchange(true, ordering: .relaxed) {
                // A second Ctrl-C means now: the committed batches are safe either way.
                exit(130)
            }
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    func isSet() -> Bool {
        state.interrupted.load(ordering: .relaxed)
    }
}
