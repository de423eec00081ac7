import Dispatch
import Testing
@testable import PaperSearch

@Suite struct SecondReaderTests {
    /// A connection stand-in that says which thread's it is.
    private struct Reader {
        let name: String
    }

    @Test func bothConnectionsWorkAndTheOutputsKeepTheItemsOrder() throws {
        let helperStarted = DispatchSemaphore(value: 0)
        let items = Array(0..<200)
        let outputs = try SecondReader.map(items, here: Reader(name: "here"), open: { Reader(name: "second") }) { reader, item in
            if reader.name == "second" { helperStarted.signal() }
            // The caller's thread waits for the second one's first item, so both take some.
            if reader.name == "here", item == 0 { _ = helperStarted.wait(timeout: .now() + 10) }
            return "\(reader.name) \(item * item)"
        }
        #expect(outputs.map { Int($0.split(separator: " ")[1])! } == items.map { $0 * $0 })
        #expect(outputs.contains { $0.hasPrefix("here ") })
        #expect(outputs.contains { $0.hasPrefix("second ") })
    }

    @Test func whenTheSecondConnectionCannotOpenTheCallerDoesEverything() throws {
        struct CannotOpen: Error {}
        let outputs = try SecondReader.map(Array(0..<50), here: Reader(name: "here"), open: { throw CannotOpen() }) { reader, item in
            "\(reader.name) \(item)"
        }
        #expect(outputs == (0..<50).map { "here \($0)" })
    }

    @Test func anErrorOnEitherThreadIsThrown() throws {
        struct Failed: Error, Equatable {
            let item: Int
        }
        for failing in ["here", "second"] {
            let helperStarted = DispatchSemaphore(value: 0)
            #expect(throws: Failed.self) {
                try SecondReader.map(Array(0..<100), here: Reader(name: "here"), open: { Reader(name: "second") }) { reader, item in
                    if reader.name == "second" { helperStarted.signal() }
                    if reader.name == "here", item == 0 { _ = helperStarted.wait(timeout: .now() + 10) }
                    if reader.name == failing { throw Failed(item: item) }
                    return item
                }
            }
        }
    }

    @Test func oneItemIsDoneByTheCaller() throws {
        let outputs = try SecondReader.map([7], here: Reader(name: "here"), open: { Reader(name: "second") }) { reader, item in
            "\(reader.name) \(item)"
        }
        #expect(outputs == ["here 7"])
    }
}
