/// Why an ingest could not run at all. (A record that cannot be read is not an error of this
/// kind: it is counted as rejected and reported as an ``IngestProblem``.)
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input file could not be opened or read.
    case cannotOpen(path: String, reason: String)
    /// `--format` named a format that does not exist.
    case unknownFormat(String)
    /// A `--map` pair is not `field=Key` with a known field.
    case invalidMap(String)
    /// `--strict`: the first bad record stopped the ingest and nothing was written.
    case strictStop(IngestProblem)

    /// A message for the user, saying what to do where there is something to do.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot read \(path): \(reason)"
        case .unknownFormat(let name):
            "unknown format '\(name)'; use one of: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .invalidMap(let pair):
            "'\(pair)' is not a field mapping; write field=Key with field one of \(FieldMap.Field.allCases.map(\.rawValue).joined(separator: ", "))"
        case .strictStop(let problem):
            "\(problem); stopped (--strict), the index is as it was before this ingest"
        }
    }
}

/// A record that was skipped, with where it is and why.
public struct IngestProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file it came from (`-` for standard input).
    public var path: String
    /// The 1-based line where the record starts.
    public var line: Int
    /// What is wrong with it.
    public var reason: String

    /// `FILE:LINE: reason`, the form compilers use, so editors can jump to it.
    public var description: String { "\(path):\(line): \(reason)" }
}
