import Foundation

/// A value of a generic record (a JSON object or a CSV row), before it is mapped to a paper.
indirect enum FieldValue: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([FieldValue])
    case object([String: FieldValue])
    case null

    /// Converts what `JSONSerialization` produced.
    init(json: Any) {
        switch json {
        case let text as String: self = .string(text)
        case let number as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; their Objective-C type is 'c'.
            if String(cString: number.objCType) == "c" { self = .bool(number.boolValue) } else { self = .number(number.doubleValue) }
        case let array as [Any]: self = .array(array.map(FieldValue.init(json:)))
        case let object as [String: Any]: self = .object(object.mapValues(FieldValue.init(json:)))
        default: self = .null
        }
    }

    /// The value as text: strings as they are, whole numbers without a fraction.
    var text: String? {
        switch self {
        case .string(let text): return text
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        default: return nil
        }
    }

    subscript(key: String) -> FieldValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var isNull: Bool {
        if case .null = self { return true }
        if case .string(let text) = self { return text.trimmingSpaces().isEmpty }
        return false
    }
}
