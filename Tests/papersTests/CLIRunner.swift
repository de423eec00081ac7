import Foundation

/// Runs the built `papers` executable and captures what it printed.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let database: String
    let environment: [String: String]

    /// The executable SwiftPM built beside the test bundle.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("papers")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        fatalError("the papers executable was not built next to \(Bundle.main.bundleURL.path)")
    }()

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PaperSearchTests/Fixtures/\(name)").path
    }

    init(database: String, environment: [String: String] = [:]) {
        self.database = database
        self.environment = environment
    }

    /// Runs `papers ARGS --db DATABASE` (the `--db` is added after the subcommand).
    func callAsFunction(_ arguments: String..., stdin: String? = nil, db: Bool = true) throws -> Output {
        let process = Process()
        process.executableURL = Self.executable
        var args = arguments
        if db, !args.isEmpty { args.insert(contentsOf: ["--db", database], at: 1) }
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PAPERS_DB")
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// A temporary directory for one CLI test, removed when the test's suite instance goes away.
final class CLIWorkspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("papers-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

extension CLIRunner {
    /// Parses a JSON object printed by the CLI.
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }
}
