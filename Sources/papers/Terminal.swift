#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ArgumentParser

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

    /// Prints a library error as `Error: ...` and exits with `code`.
    static func fail(_ error: Error, code: Int32) -> ExitCode {
        printError("Error: \(error)")
        return ExitCode(code)
    }
}
