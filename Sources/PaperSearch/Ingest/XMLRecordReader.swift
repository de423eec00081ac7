import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads arXiv API Atom feeds and OAI-PMH `ListRecords` responses with Foundation's streaming
/// `XMLParser`: each `entry` or `record` element is collected into a small tree, mapped to a
/// paper and handed on before the next one is read.
final class XMLRecordReader: NSObject, RecordReader, XMLParserDelegate {
    private let source: ByteSource
    private let path: String
    private let format: InputFormat
    private var emit: ((ReadRecord) throws -> Void)?
    private var stack: [XMLNode] = []
    private var recordLine = 0
    private var emitError: Error?
    private var errorElement: (code: String, line: Int)?
    private weak var parser: XMLParser?
    /// The last complete record, held back until the parser has read past it: after an XML
    /// error libxml2 recovers and may still close a damaged element, so a record counts only
    /// once the next one begins or the document ends well.
    private var pending: ReadRecord?

    init(source: ByteSource, path: String, format: InputFormat) {
        self.source = source
        self.path = path
        self.format = format
    }

    var bytesRead: Int { source.bytesConsumed }

    func read(_ emit: (ReadRecord) throws -> Void) throws {
        let stream = ByteSourceStream(source: source)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        self.parser = parser
        let ok = withoutActuallyEscaping(emit) { emit in
            self.emit = emit
            defer { self.emit = nil }
            return parser.parse()
        }
        if let emitError { throw emitError }
        if let failure = stream.failure { throw failure }
        if ok {
            if let pending { try emit(pending) }
        } else {
            let error = parser.parserError as NSError?
            let code = error.flatMap { XMLParser.ErrorCode(rawValue: $0.code) }.map { "\($0)" } ?? "malformed XML"
            try emit(.rejected(IngestProblem(path: path, line: max(parser.lineNumber, 1),
                                             reason: "invalid XML (\(code) near column \(parser.columnNumber)); the rest of the file was skipped")))
        }
        pending = nil
    }

    private func send(_ record: ReadRecord) {
        guard emitError == nil, let emit else { return }
        do {
            try emit(record)
        } catch {
            emitError = error
            parser?.abortParsing()
        }
    }

    // MARK: XMLParserDelegate

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if stack.isEmpty {
            if elementName == "entry" || elementName == "record" {
                if let record = pending {
                    pending = nil
                    send(record)
                }
                recordLine = parser.lineNumber
                stack.append(XMLNode(name: elementName, attributes: attributes))
            } else if elementName == "error" {
                errorElement = (attributes["code"] ?? "error", parser.lineNumber)
                stack.append(XMLNode(name: elementName, attributes: attributes))
            }
            return
        }
        stack.append(XMLNode(name: elementName, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let node = stack.popLast() else { return }
        if !stack.isEmpty {
            stack[stack.count - 1].children.append(node)
            return
        }
        if node.name == "error" {
            // OAI-PMH reports an empty result as an error too; that one is not a problem.
            if let error = errorElement, error.code != "noRecordsMatch" {
                send(.rejected(IngestProblem(path: path, line: error.line,
                                             reason: "OAI-PMH error \(error.code): \(TextNormalizer.collapseWhitespace(node.text))")))
            }
            return
        }
        let sourceName = "\(format.rawValue):\(path)"
        do {
            let paper = node.name == "entry"
                ? try AtomEntry.paper(from: node, source: sourceName)
                : try OAIRecord.paper(from: node, source: sourceName)
            pending = paper.map { .paper($0, line: recordLine) }
        } catch let error as RecordError {
            pending = .rejected(IngestProblem(path: path, line: recordLine, reason: error.reason))
        } catch {
            pending = .rejected(IngestProblem(path: path, line: recordLine, reason: "\(error)"))
        }
    }
}

@available(*, unavailable)
extension XMLRecordReader: Sendable {}
