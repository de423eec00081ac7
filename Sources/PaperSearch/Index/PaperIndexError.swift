/// Why an index cannot be opened or used.
public enum PaperIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no index at the path yet.
    case noIndex(path: String)
    /// The file exists but is not a papers index; it was left untouched.
    case notAnIndex(path: String, detail: String)
    /// The index was written by a newer `papers` with a schema this one does not know.
    case newerSchema(path: String, version: Int)
    /// The index needs a schema upgrade, which a read-only open cannot do.
    case needsUpgrade(path: String)
    /// The directory for a new index could not be created.
    case cannotCreate(path: String, reason: String)

    /// A message for the user, saying what to do where there is something to do.
    public var description: String {
        switch self {
        case .noIndex(let path):
            "no index at \(path) yet; create one with `papers ingest FILE...`"
        case .notAnIndex(let path, let detail):
            "\(path) is not a papers index (\(detail)); it was left untouched. Pass another --db path."
        case .newerSchema(let path, let version):
            "\(path) has schema version \(version), newer than this papers understands; upgrade papers"
        case .needsUpgrade(let path):
            "\(path) was made by an older papers and needs a one-time upgrade, which needs write access: run this once as a user who may write the file and its folder"
        case .cannotCreate(let path, let reason):
            "cannot create the index at \(path): \(reason)"
        }
    }
}
