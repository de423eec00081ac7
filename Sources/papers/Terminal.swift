#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ArgumentParser
import PaperSearch

/// What the output streams are connected to, and how to mark highlights on them.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Bold on a terminal unless `NO_COLOR` is set (https://no-color.org); `[` `]` otherwise.
    static var highlightMarks: (open: String, close: String) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return stdoutIsTTY && !noColor ? ("\u{1B}[1m", "\u{1B}[0m") : ("[", "]")
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func printNote(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Runs `body`, turning the library's errors into `Error: ...` on stderr and an exit
    /// code: 2 for a query that cannot run, 1 for everything else the user must fix.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as QueryError {
            printError("Error: \(error)")
            throw ExitCode(2)
        } catch let error as PaperIndexError {
            printError("Error: \(error)")
            throw ExitCode.failure
        } catch let error as IngestError {
            printError("Error: \(error)")
            throw ExitCode.failure
        } catch let error as SQLiteError {
            printError("Error: \(error)")
            throw ExitCode.failure
        }
    }
}
