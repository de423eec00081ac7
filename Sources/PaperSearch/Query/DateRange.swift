import Foundation

/// A range of publication dates written as `year:` or `date:` values, turned into half-open
/// `[from, until)` bounds on `YYYY-MM-DD` text, which compare correctly as strings.
///
/// Forms: `2023`, `2019..2022` (inclusive), `2019..`, `..2022`, `>=2020`, `>2020`, `<=2020`,
/// `<2020`; with `date:` also months and days: `2023-01..2023-06`, `2023-01-15`.
struct DateRange: Equatable {
    enum Unit { case year, date }

    var from: String?
    var until: String?

    init?(_ unit: Unit, _ text: String) {
        func parse(_ part: Substring) -> DateBound? {
            let bound = DateBound(part)
            if unit == .year, let bound, bound.month != nil { return nil }
            return bound
        }
        if let dots = text.range(of: "..") {
            let low = text[..<dots.lowerBound], high = text[dots.upperBound...]
            if low.isEmpty, high.isEmpty { return nil }
            if !low.isEmpty { guard let bound = parse(low) else { return nil }; from = bound.start }
            if !high.isEmpty { guard let bound = parse(high) else { return nil }; until = bound.next }
        } else if text.hasPrefix(">=") {
            guard let bound = parse(text.dropFirst(2)) else { return nil }
            from = bound.start
        } else if text.hasPrefix(">") {
            guard let bound = parse(text.dropFirst(1)) else { return nil }
            from = bound.next
        } else if text.hasPrefix("<=") {
            guard let bound = parse(text.dropFirst(2)) else { return nil }
            until = bound.next
        } else if text.hasPrefix("<") {
            guard let bound = parse(text.dropFirst(1)) else { return nil }
            until = bound.start
        } else {
            guard let bound = parse(Substring(text)) else { return nil }
            from = bound.start
            until = bound.next
        }
        if let from, let until, from >= until { return nil }
    }
}

/// A year, month or day: `2023`, `2023-06`, `2023-06-15`.
struct DateBound {
    var year: Int
    var month: Int?
    var day: Int?

    init?(_ text: Substring) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]) else { return nil }
        self.year = year
        if parts.count > 1 {
            guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.month = month
        }
        if parts.count > 2 {
            guard let day = Int(parts[2]), (1...31).contains(day) else { return nil }
            self.day = day
        }
    }

    /// The first day it covers.
    var start: String {
        String(format: "%04d-%02d-%02d", year, month ?? 1, day ?? 1)
    }

    /// The first day after it.
    var next: String {
        guard let month else { return String(format: "%04d-01-01", year + 1) }
        guard let day else {
            return month == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, month + 1)
        }
        // Day arithmetic by calendar so that 2023-02-28 is followed by 2023-03-01.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let following = calendar.date(byAdding: .day, value: 1, to: date)!
        let c = calendar.dateComponents([.year, .month, .day], from: following)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
