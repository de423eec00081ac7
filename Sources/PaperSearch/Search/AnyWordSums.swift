/// The sums of an any-word search's BM25F terms over its words' lists
/// (``PaperIndex/anyWordsRanked(_:request:blockSize:)``), and which papers the lists hold.
///
/// Summing the rowids' halves on two threads made the pasted abstracts about 6% faster
/// (10.1 against 10.8 ms p50 at 1M papers, five alternations), and the searches after them
/// slower: two words 1.43 → 2.08 ms, a year filter 1.50 → 1.61. It was not kept.
struct AnyWordSums {
    /// Rowids summed at a time: the block's sums and lengths stay in the processor's cache,
    /// where the whole index's (8.8 and 6.6 MB at 1M papers) missed it on most papers.
    static let blockSize = 1 << 14

    /// Rowids summed at a time here: ``blockSize``, or a smaller multiple of 64 in tests.
    let blockSize: Int

    /// Each list's word's idf, in the order of the readers `run` is given.
    let idfs: [Double]
    let onceTerms: [Float]
    /// ``DocumentLengths`` of the field layout, three per rowid.
    let lengths: UnsafePointer<UInt16>
    let matched: UnsafeMutableBufferPointer<UInt64>
    let wanted: Int
    let commonIDF: Double
    let k1: Double
    let b: Double
    let weights: [Double]
    let averages: [Double]

    /// What the lists gave.
    struct Part {
        /// The `wanted` best sums, best first.
        var best: [Double] = []
        /// The papers whose sum could reach the page beside the best so far.
        var kept: [(rowid: Int, sum: Double)] = []
        /// False when a paper's lengths are not stored: the lists cannot rank the search.
        var known = true
    }

    /// Sums the lists over the rowids below `size`, block by block, each list's papers in the
    /// block in turn; each sum in phrase order, as `papers_rank` sums. Not known when a list
    /// holds a paper at `size` or past it.
    func run(below size: Int, readers: inout [FieldPostingsReader]) -> Part {
        precondition(readers.count == idfs.count)
        var part = Part()
        var sums = [Double](repeating: 0, count: blockSize)
        let papers = FieldPostingsReader.CommonPapers(once: .allocate(capacity: Self.decoded),
                                                      others: .allocate(capacity: Self.decoded),
                                                      counts: .allocate(capacity: Self.decoded))
        defer {
            papers.once.deallocate()
            papers.others.deallocate()
            papers.counts.deallocate()
        }
        sums.withUnsafeMutableBufferPointer { sums in
            onceTerms.withUnsafeBufferPointer { onceTerms in
                for start in stride(from: 0, to: size, by: blockSize) where part.known {
                    let end = min(size, start + blockSize)
                    part.known = sumBlock(start..<end, readers: &readers, sums: sums, onceTerms: onceTerms, papers: papers)
                    if part.known, wanted > 0 { collect(start..<end, sums: sums, into: &part) }
                }
            }
        }
        if !readers.allSatisfy(\.isComplete) { part.known = false }
        return part
    }

    /// Rowids decoded at a time before they are summed.
    private static let decoded = 512

    private func sumBlock(_ block: Range<Int>, readers: inout [FieldPostingsReader], sums: UnsafeMutableBufferPointer<Double>,
                          onceTerms: UnsafeBufferPointer<Float>, papers: FieldPostingsReader.CommonPapers) -> Bool {
        let (start, end) = (block.lowerBound, block.upperBound)
        guard end <= onceTerms.count else { return false }
        // The block's per-paper tables read in order first: the processor streams them in,
        // where the lists' papers, scattered over the block, each waited for a line.
        var touched: Float = 0
        for rowid in stride(from: start, to: end, by: 16) { touched += onceTerms[rowid] }
        for offset in stride(from: 3 * start, to: 3 * end, by: 32) { touched += Float(lengths[offset]) }
        guard touched.isFinite else { return false }

        // A paper holding the word once in the abstract and nowhere else; false when its
        // lengths are not stored (-1).
        @inline(__always)
        func addOnce(_ rowid: Int, idf: Double) -> Bool {
            matched[rowid >> 6] |= 1 << UInt64(rowid & 63)
            let term = onceTerms[rowid]
            guard term >= 0 else { return false }
            sums[rowid - start] += idf * Double(term)
            return true
        }

        // A paper with other counts.
        func add(_ rowid: Int, _ counts: UInt64, idf: Double) -> Bool {
            if counts == FieldPostings.once { return addOnce(rowid, idf: idf) }
            matched[rowid >> 6] |= 1 << UInt64(rowid & 63)
            let stored = lengths + 3 * rowid
            guard stored[0] != DocumentLengths.unknown, stored[1] != DocumentLengths.unknown,
                  stored[2] != DocumentLengths.unknown else { return false }
            let (title, abstract, authors) = FieldPostings.unpack(counts)
            // papers_rank's terms: a count times the column's weighted norm.
            var tf = 0.0
            func count(_ count: Int, in column: Int) {
                guard count > 0 else { return }
                tf += Double(count) * FieldedBM25.norm(weight: weights[column], b: b,
                                                       length: Double(Int32(stored[column]) - 1),
                                                       average: averages[column])
            }
            count(title, in: 0)
            count(abstract, in: 1)
            count(authors, in: 2)
            if tf > 0 { sums[rowid - start] += FieldedBM25.term(idf: idf, tf: tf, k1: k1) }
            return true
        }

        for number in readers.indices {
            let idf = idfs[number]
            reading: while true {
                let (once, others, stop) = readers[number].readCommon(below: end, into: papers, capacity: Self.decoded)
                for index in 0..<once {
                    guard addOnce(Int(papers.once[index]), idf: idf) else { return false }
                }
                for index in 0..<others {
                    guard add(Int(papers.others[index]), papers.counts[index], idf: idf) else { return false }
                }
                switch stop {
                case .full: continue
                case .end: break reading
                case .invalid: return false
                case .rare:
                    switch readers[number].step(below: end) {
                    case .paper(let rowid, let counts): guard add(rowid, counts, idf: idf) else { return false }
                    case .end: break reading
                    case .invalid: return false
                    }
                }
            }
        }
        return true
    }

    /// Takes the block's sums (and sets them back to 0): the best so far, and the papers that
    /// could reach the page beside them.
    private func collect(_ block: Range<Int>, sums: UnsafeMutableBufferPointer<Double>, into part: inout Part) {
        let start = block.lowerBound
        // The wanted-th best sum so far, and the least that a sum plus the common words' idfs
        // must reach beside it: none until there are `wanted` sums.
        var worst = -Double.infinity, floor = -Double.infinity
        func update() {
            guard part.best.count == wanted else { return }
            worst = part.best[wanted - 1]
            floor = worst * (1 - 1e-6)
        }
        update()
        for word in (start >> 6)..<((block.upperBound + 63) >> 6) {
            var remaining = matched[word]
            while remaining != 0 {
                let rowid = word << 6 + remaining.trailingZeroBitCount
                remaining &= remaining - 1
                let sum = sums[rowid - start]
                sums[rowid - start] = 0
                if sum > worst {
                    part.best.insert(sum, at: part.best.firstIndex { $0 < sum } ?? part.best.count)
                    if part.best.count > wanted { part.best.removeLast() }
                    update()
                }
                if sum + commonIDF >= floor { part.kept.append((rowid, sum)) }
            }
        }
    }
}
