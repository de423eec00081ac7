import Foundation
import Synchronization

/// Runs read-only work on the caller's connection and, at the same time, on a second
/// connection of its own on another thread: the end of an ingest and `papers optimize` count
/// and rank thousands of words one query at a time, each on one core, while the other core
/// is idle.
///
/// The caller's connection may be in a write transaction that has not touched what the work
/// reads: the second connection reads the committed index, which must then be the same. The
/// items are taken one at a time from a shared counter, so a thread that drew long lists
/// takes fewer of them.
enum SecondReader {
    /// The second connection's page cache, in KiB. It reads each list once or twice, so the
    /// 64 MiB of ``PaperIndex/pageCacheKiB`` would only add to an ingest's peak memory:
    /// 184 MB at 1M papers, 161 MB with 16 MiB (the target is 200). `papers optimize` at 1M
    /// papers took 96.0 and 81.5 s with 16 MiB, 89.1 and 83.0 s with 64, alternated.
    static let pageCacheKiB = 16_384

    /// `body` applied to every item, in the items' order: each call on `here`, or on the
    /// connection `open` makes on the second thread. When `open` fails (or returns nil) the
    /// caller's thread does all the items.
    ///
    /// - Throws: the first error `body` throws, on either thread, after both have stopped.
    static func map<Connection, Item: Sendable, Output: Sendable>(
        _ items: [Item],
        here: Connection,
        open: @escaping @Sendable () throws -> Connection?,
        _ body: @escaping @Sendable (Connection, Item) throws -> Output
    ) throws -> [Output] {
        var outputs: [Output] = []
        outputs.reserveCapacity(items.count)
        try forEach(items, here: here, open: open, body) { outputs.append($0) }
        return outputs
    }

    /// Like ``map(_:here:open:_:)``, but hands each output to `store` on the caller's thread,
    /// in the items' order, as soon as it and those before it are made: only the outputs one
    /// thread made ahead of the other are held at once (stored lists are hundreds of KB each).
    ///
    /// - Throws: the first error `body` or `store` throws, after both threads have stopped.
    static func forEach<Connection, Item: Sendable, Output: Sendable>(
        _ items: [Item],
        here: Connection,
        open: @escaping @Sendable () throws -> Connection?,
        _ body: @escaping @Sendable (Connection, Item) throws -> Output,
        then store: (Output) throws -> Void
    ) throws {
        // One item is not worth a connection.
        guard items.count > 1 else {
            for item in items { try store(try body(here, item)) }
            return
        }
        let work = Work<Item, Output>(items)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [work] in
            defer { done.signal() }
            guard let connection = try? open() else { return }
            work.drain { try body(connection, $0) }
        }
        thread.start()
        var stored = 0
        func storeReady() throws {
            while stored < items.count, let output = work.take(stored) {
                try store(output)
                stored += 1
            }
        }
        work.drain({ try body(here, $0) }, after: storeReady)
        done.wait()
        try work.rethrow()
        try storeReady()
        if stored < items.count { throw SecondReaderError.itemSkipped }
    }

    /// The items, the next one to take, and the outputs not stored yet.
    private final class Work<Item: Sendable, Output: Sendable>: Sendable {
        let items: [Item]
        let next = Atomic<Int>(0)
        let made: Mutex<[Output?]>
        let failure = Mutex<(any Error)?>(nil)

        init(_ items: [Item]) {
            self.items = items
            made = Mutex([Output?](repeating: nil, count: items.count))
        }

        /// Takes items until none is left or either thread has failed, calling `after`
        /// after each one.
        func drain(_ body: (Item) throws -> Output, after: () throws -> Void = {}) {
            while failure.withLock({ $0 == nil }) {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < items.count else { return }
                do {
                    let output = try body(items[index])
                    made.withLock { $0[index] = output }
                    try after()
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }

        /// The output of item `index`, handed over once, or nil when it is not made yet.
        func take(_ index: Int) -> Output? {
            made.withLock { made in
                defer { made[index] = nil }
                return made[index]
            }
        }

        func rethrow() throws {
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }
}

/// An item neither thread made: a bug, reported rather than an output made up.
enum SecondReaderError: Error, CustomStringConvertible {
    case itemSkipped

    var description: String { "an item of the work shared between two connections was not done" }
}
