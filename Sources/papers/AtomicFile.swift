import Foundation

/// A file written under a temporary name and renamed into place on ``commit()``, so readers
/// never see half of it and a failed export leaves any earlier file as it was.
final class AtomicFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var committed = false

    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw Failure(description: "cannot write \(path): cannot create a file in its directory")
        }
        self.handle = handle
    }

    func write(_ data: Data) throws {
        do { try handle.write(contentsOf: data) } catch {
            throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    func commit() throws {
        try handle.synchronize()
        try handle.close()
        guard rename(temporaryPath, path) == 0 else {
            throw Failure(description: "cannot write \(path): rename failed (\(String(cString: strerror(errno))))")
        }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            unlink(temporaryPath)
        }
    }
}
