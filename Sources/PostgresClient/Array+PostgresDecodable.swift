#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array literal (`{a,"b c",NULL}`).
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let elements = PostgresArrayLiteral.decode(text) else {
            throw PostgresDecodingFailure("is not a one-dimensional array")
        }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try Element.decode(nullable: element)) }
        self = values
    }
}

extension PostgresArrayLiteral {
    static func decode(_ text: String) -> [String?]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        var elements: [String?] = []
        var index = 1
        let end = scalars.count - 1
        if index == end { return [] }
        while index < end {
            var element = String.UnicodeScalarView()
            var quoted = false
            if scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    element.append(scalars[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
            } else {
                while index < end, scalars[index] != "," {
                    guard scalars[index] != "{" else { return nil }
                    element.append(scalars[index])
                    index += 1
                }
            }
            let value = String(element)
            elements.append(!quoted && value == "NULL" ? nil : value)
            if index < end {
                guard scalars[index] == "," else { return nil }
                index += 1
            }
        }
        return elements
    }
}
