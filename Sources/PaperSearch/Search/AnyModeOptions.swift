/// How `--any` searches (pasted questions, sentences, abstracts) are formed and re-ranked.
/// The defaults are the variant that scored best on the evaluation collections (README).
public struct AnyModeOptions: Sendable, Equatable {
    /// Add adjacent word pairs of the query as phrases, so papers using the words together
    /// rank higher.
    public var phraseBonus: Bool
    /// Pseudo-relevance feedback: expand the query with the strongest words of the first
    /// results (RM3-style), or nil for none.
    public var feedback: Feedback?

    /// Pseudo-relevance feedback settings.
    public struct Feedback: Sendable, Equatable {
        /// Top results read for expansion words.
        public var documents: Int
        /// Expansion words added.
        public var terms: Int
        /// Weight of the expansion words' score against the query's own (1).
        public var weight: Double

        /// Creates feedback settings.
        public init(documents: Int, terms: Int, weight: Double) {
            self.documents = documents
            self.terms = terms
            self.weight = weight
        }
    }

    /// Re-rank the best results by how many of the query's distinct words each contains:
    /// score × (1 + coverage × share of words present). nil for none.
    public var coverage: Double?

    /// Add this much of a second ranking by the query's rarer half of words (by document
    /// frequency), so rare, specific words weigh more than BM25's idf alone gives. nil for none.
    public var rareWords: Double?

    /// Add this much of a second ranking by the query's adjacent word pairs as phrases, so
    /// papers using the words together rank a little higher. nil for none.
    public var pairs: Double?

    /// Add this much of a second ranking by word beginnings (each long word cut to its first
    /// letters, as a prefix), so variants the stemmer misses (osteoclast, osteoclastogenesis)
    /// count a little. nil for none.
    public var wordStarts: Double?

    /// The ranking any-word searches use, or nil for the request's ``SearchRequest/weights``.
    public var weights: RankingWeights?

    /// Creates options.
    public init(weights: RankingWeights? = nil, phraseBonus: Bool = false, feedback: Feedback? = nil, coverage: Double? = nil, rareWords: Double? = nil,
                pairs: Double? = nil, wordStarts: Double? = nil) {
        self.weights = weights
        self.wordStarts = wordStarts
        self.pairs = pairs
        self.rareWords = rareWords
        self.phraseBonus = phraseBonus
        self.feedback = feedback
        self.coverage = coverage
    }

    /// Plain OR of the query's words: the baseline.
    public static let plain = AnyModeOptions()
    /// What `--any` uses: BM25F (``RankingWeights/fielded``) over the plain OR.
    public static let standard = AnyModeOptions(weights: .fielded)
}
