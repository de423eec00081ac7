/// A small element tree for one XML record (an Atom `entry` or an OAI-PMH `record`).
struct XMLNode {
    /// The local name, without namespace prefix.
    var name: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    /// The first child with this local name.
    func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child with this local name.
    func all(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The first descendant with this local name, depth first.
    func descendant(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    /// The child's text, whitespace collapsed, or nil when missing or empty.
    func value(_ name: String) -> String? {
        guard let text = child(name)?.text else { return nil }
        let collapsed = TextNormalizer.collapseWhitespace(text)
        return collapsed.isEmpty ? nil : collapsed
    }
}
