import Foundation

/// Runs a program to completion and reports its wall time, peak RSS and output.
enum ChildProcess {
    struct Result {
        var status: Int32
        var seconds: Double
        /// Peak resident set size of the child, in bytes (from `wait4`'s rusage).
        var peakRSS: Int
        var stdout: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = Date()
        let code = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard code == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(code)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Date().timeIntervalSince(started)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Linux reports ru_maxrss in kilobytes.
        return Result(status: (status >> 8) & 0xFF, seconds: seconds, peakRSS: usage.ru_maxrss * 1024, stdout: output)
    }
}

/// Percentiles of samples (nearest rank).
struct Percentiles: Codable {
    var p50: Double
    var p95: Double
    var p99: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((q * Double(sorted.count - 1)).rounded()))]
        }
        p50 = at(0.5)
        p95 = at(0.95)
        p99 = at(0.99)
    }
}
