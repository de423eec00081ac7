import CSQLite

/// How many papers hold each of the commonest indexed terms (`Schema/004_common_terms.sql`),
/// counted at the end of an ingest so that ranking need not count them per query.
///
/// FTS5's `bm25()` counts a query term's papers by reading the term's whole doclist each time:
/// at 1M papers, "the" costs about 25 ms of a three-word query that matches 38 papers.
struct CommonTerms {
    /// The papers and indexed tokens the counts were taken over; they hold while the index
    /// still has exactly these (FTS5 reports both to a ranking function for free).
    let papers: Int
    let tokens: Int
    /// Papers per term, the term as FTS5 looks it up (folded and stemmed).
    let documents: [String: Int]
    /// Papers per term within one field (`Schema/008_field_terms.sql`), by field name.
    let fieldDocuments: [String: [String: Int]]
    /// Papers per prefix (`Schema/011_prefix_terms.sql`), the prefix as FTS5 looks it up.
    var prefixDocuments: [String: Int] = [:]

    /// Fields whose common terms are counted on their own.
    static let fields: [TextField] = [.title, .authors]

    /// Papers sampled, evenly over the rowids, to find the common terms.
    static let sample = 2_000
    /// Terms in at least this share of the sampled papers are counted.
    static let share = 0.02
    /// Share of the papers an ingest (with the ones before it) must add or update for a
    /// recount; smaller ones leave the counts as they are (unused until the next recount).
    static let recountShare = 0.01

    /// After an ingest that added or updated `changes` papers: recounts when there are no
    /// counts yet or enough has changed since the last count, else notes the changes.
    ///
    /// - Returns: true when it recounted.
    static func update(_ database: Database, changes: Int, tokenizer: () throws -> FTS5Tokenizer) throws -> Bool {
        if try basis(database) != nil {
            guard changes > 0 else { return false }
            let pending = (try database.scalarInt("SELECT changed FROM common_terms_basis") ?? 0) + changes
            let papers = try database.scalarInt("SELECT count(*) FROM papers") ?? 0
            if Double(pending) < Double(papers) * recountShare {
                // An update may keep both totals; the counts must not match the index again.
                let note = try database.prepare("UPDATE common_terms_basis SET changed = ?1, tokens = -1")
                try note.bind([SQLValue(pending)])
                _ = try note.step()
                return false
            }
        }
        let tokenizer = try tokenizer()
        try database.transaction { _ = try refresh(database, tokenizer: tokenizer) }
        return true
    }

    /// The papers and tokens the stored counts were taken over, or nil when there are none.
    static func basis(_ database: Database) throws -> (papers: Int, tokens: Int)? {
        let basis = try database.cached("SELECT papers, tokens FROM common_terms_basis")
        guard try basis.step() else { return nil }
        return (basis.int(at: 0), basis.int(at: 1))
    }

    /// The stored counts, or nil when there are none.
    static func load(_ database: Database) throws -> CommonTerms? {
        guard let (papers, tokens) = try basis(database) else { return nil }
        let rows = try database.cached("SELECT term, documents FROM common_terms")
        var documents: [String: Int] = [:]
        while try rows.step() { documents[rows.text(at: 0)] = rows.int(at: 1) }
        let fieldRows = try database.cached("SELECT field, term, documents FROM field_terms")
        var fieldDocuments: [String: [String: Int]] = [:]
        while try fieldRows.step() { fieldDocuments[fieldRows.text(at: 0), default: [:]][fieldRows.text(at: 1)] = fieldRows.int(at: 2) }
        var terms = CommonTerms(papers: papers, tokens: tokens, documents: documents, fieldDocuments: fieldDocuments)
        let prefixRows = try database.cached("SELECT prefix, documents FROM prefix_terms")
        while try prefixRows.step() { terms.prefixDocuments[prefixRows.text(at: 0)] = prefixRows.int(at: 1) }
        return terms
    }

    /// Lengths of the prefixes ``countPrefixes(_:tokenizer:sampled:seen:)`` counts, in characters: from the
    /// index's prefix length up. Counting each length reads about the whole index again.
    static let prefixLengths = 3...6

    /// Counts, over the whole index, each prefix of ``prefixLengths`` that at least ``share``
    /// of the sampled papers (`sampled`, holding the tokens of `seen` as
    /// ``refresh(_:tokenizer:)`` returns them) hold tokens of, and stores those held by at
    /// least that share of all papers, beside the word counts (whose basis they share). Runs
    /// inside the caller's transaction, after the refresh that emptied the table.
    ///
    /// - Returns: the number of prefixes stored.
    @discardableResult
    static func countPrefixes(_ database: Database, tokenizer: FTS5Tokenizer, sampled: Int, seen: [String: Int]) throws -> Int {
        guard try basis(database) != nil, let totals = try totals(database), totals.papers > 0 else { return 0 }
        let threshold = max(2, Int((Double(sampled) * share).rounded(.up)))
        // The sampled papers holding each token, summed over a prefix's tokens: at least the
        // papers holding any of them, so no prefix in enough papers is missed.
        var hits: [String: Int] = [:]
        for (token, count) in seen {
            let characters = Array(token)
            for length in prefixLengths where length <= characters.count {
                hits[String(characters[..<length]), default: 0] += count
            }
        }
        let fewest = Int((Double(totals.papers) * share).rounded(.up))
        // Only a prefix a query reads as itself (the stemmer leaves it as it is).
        let prefixes = hits.filter { $0.value >= threshold }.keys.sorted()
            .filter { tokenizer.queryTokens($0, prefix: true) == [$0] }
        let counts = try documents(prefixes.map { FTSExpression.quote($0) + "*" }, on: database)
        let insert = try database.prepare("INSERT INTO prefix_terms (prefix, documents) VALUES (?1, ?2)")
        var stored = 0
        for (prefix, documents) in zip(prefixes, counts) where documents >= fewest {
            insert.reset()
            try insert.bind([.text(prefix), SQLValue(documents)])
            _ = try insert.step()
            stored += 1
        }
        return stored
    }

    /// Finds the terms in at least ``share`` of a sample of papers and stores how many papers
    /// hold each, counted by FTS5 over the whole index; empties the prefix counts. Runs inside
    /// the caller's transaction.
    ///
    /// - Returns: the papers sampled and how many of them hold each token (nil for an empty
    ///   index), for ``countPrefixes(_:tokenizer:sampled:seen:)``.
    @discardableResult
    static func refresh(_ database: Database, tokenizer: FTS5Tokenizer) throws -> (sampled: Int, seen: [String: Int])? {
        try database.execute("DELETE FROM common_terms; DELETE FROM field_terms; DELETE FROM prefix_terms; DELETE FROM common_terms_basis")
        guard let totals = try Self.totals(database), totals.papers > 0 else { return nil }
        let (sampled, seen, seenIn, surfaces) = try sampledTokens(database, tokenizer: tokenizer)
        let threshold = max(2, Int((Double(sampled) * share).rounded(.up)))
        // Each word counted through a text FTS5 reads as the token in a query, as it is
        // looked up; in the whole paper (field nil) or in one field.
        var words: [(token: String, field: TextField?, expression: String)] = []
        for (token, hits) in seen where hits >= threshold {
            guard let text = queryText(for: token, surfaces: surfaces, tokenizer: tokenizer) else { continue }
            words.append((token, nil, FTSExpression.quote(text)))
        }
        for field in fields {
            for (token, hits) in seenIn[field] ?? [:] where hits >= threshold {
                guard let text = queryText(for: token, surfaces: surfaces, tokenizer: tokenizer),
                      let expression = FTSExpression.render(.fields([field], .term(text, prefix: false))) else { continue }
                words.append((token, field, expression))
            }
        }
        let counts = try documents(words.map(\.expression), on: database)
        let insert = try database.prepare("INSERT INTO common_terms (term, documents) VALUES (?1, ?2)")
        let insertField = try database.prepare("INSERT INTO field_terms (term, field, documents) VALUES (?1, ?2, ?3)")
        for (word, documents) in zip(words, counts) {
            if let field = word.field {
                insertField.reset()
                try insertField.bind([.text(word.token), .text(field.rawValue), SQLValue(documents)])
                _ = try insertField.step()
            } else {
                insert.reset()
                try insert.bind([.text(word.token), SQLValue(documents)])
                _ = try insert.step()
            }
        }
        let basis = try database.prepare("INSERT INTO common_terms_basis (papers, tokens) VALUES (?1, ?2)")
        try basis.bind([SQLValue(totals.papers), SQLValue(totals.tokens)])
        _ = try basis.step()
        return (sampled, seen)
    }

    /// The papers matching each FTS5 expression, counted on `database` and on a second
    /// read-only connection at once (``SecondReader``): each count reads a common word's
    /// whole doclist, 17 s for them all at 2.7M papers on one connection.
    static func documents(_ expressions: [String], on database: Database) throws -> [Int] {
        let path = database.path
        return try SecondReader.map(expressions, here: database, open: { try Database(path: path, mode: .readOnly) }) {
            database, expression in
            let count = try database.cached("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1")
            defer { count.reset() }
            count.reset()
            try count.bind([.text(expression)])
            return try count.step() ? count.int(at: 0) : 0
        }
    }

    /// Text that FTS5 reads as exactly `token` in a query: the token itself when the stemmer
    /// leaves it as it is, else a word of the sample it came from (porter stems `drustosic`
    /// to `drustos`, and `drustos` again to `drusto`); nil when neither is.
    static func queryText(for token: String, surfaces: [String: String], tokenizer: FTS5Tokenizer) -> String? {
        if tokenizer.queryTokens(token, prefix: false) == [token] { return token }
        if let surface = surfaces[token], tokenizer.queryTokens(surface, prefix: false) == [token] { return surface }
        return nil
    }

    /// The tokens of ``sample`` papers taken evenly over the rowids: how many of them hold
    /// each token, in any column and in each of ``fields``, how many papers were read, and a
    /// word of the text each token came from (for ``queryText(for:surfaces:tokenizer:)``).
    static func sampledTokens(_ database: Database, tokenizer: FTS5Tokenizer) throws
        -> (sampled: Int, seen: [String: Int], seenIn: [TextField: [String: Int]], surfaces: [String: String]) {
        let highest = try database.scalarInt("SELECT max(rowid) FROM papers") ?? 0
        let step = max(1, highest / sample)
        let row = try database.prepare("SELECT title, abstract, authors FROM papers WHERE rowid = ?1")
        var seen: [String: Int] = [:]
        var seenIn: [TextField: [String: Int]] = [:]
        var surfaces: [String: String] = [:]
        var sampled = 0
        for rowid in stride(from: 1, through: highest, by: step) {
            row.reset()
            try row.bind([SQLValue(rowid)])
            guard try row.step() else { continue }
            sampled += 1
            var all: Set<String> = []
            for (column, field) in TextField.allCases.enumerated() {
                var tokens: Set<String> = []
                var text = row.text(at: Int32(column))
                text.withUTF8 { bytes in
                    tokenizer.forEachToken(in: UnsafeRawBufferPointer(bytes), flags: FTS5_TOKENIZE_DOCUMENT) { token, start, end in
                        let token = String(decoding: token, as: UTF8.self)
                        tokens.insert(token)
                        if surfaces[token] == nil { surfaces[token] = String(decoding: bytes[start..<end], as: UTF8.self) }
                    }
                }
                all.formUnion(tokens)
                if fields.contains(field) { for token in tokens { seenIn[field, default: [:]][token, default: 0] += 1 } }
            }
            for token in all { seen[token, default: 0] += 1 }
        }
        return (sampled, seen, seenIn, surfaces)
    }

    /// FTS5's own totals (its "averages" record): rows, and tokens over all columns.
    static func totals(_ database: Database) throws -> (papers: Int, tokens: Int)? {
        let statement = try database.prepare("SELECT block FROM papers_fts_data WHERE id = 1")
        guard try statement.step() else { return nil }
        let values = FTS5Record.integers(statement.blob(at: 0))
        guard let papers = values.first else { return nil }
        return (papers, values.dropFirst().reduce(0, +))
    }
}
