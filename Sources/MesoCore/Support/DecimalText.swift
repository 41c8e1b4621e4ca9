#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Decimal {
    /// Positional text with exactly `scale` decimals, rounded half away from zero
    /// (1.2345 at scale 3 is "1.235", -0.0004 is "0.000"). Computed on the decimal digits
    /// themselves, never through a binary float.
    public func fixed(scale: Int) -> String {
        var text = description
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text.removeFirst()
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integer = Array(parts[0].utf8)
        var fraction = parts.count > 1 ? Array(parts[1].utf8) : []
        let zero = UInt8(ascii: "0")
        if fraction.count > scale {
            let roundUp = fraction[scale] >= UInt8(ascii: "5")
            fraction = Array(fraction.prefix(scale))
            if roundUp {
                // Carry through the fraction, then the integer part.
                var digits = integer + fraction
                var index = digits.count - 1
                while index >= 0 {
                    if digits[index] == UInt8(ascii: "9") {
                        digits[index] = zero
                        index -= 1
                    } else {
                        digits[index] += 1
                        break
                    }
                }
                if index < 0 { digits.insert(UInt8(ascii: "1"), at: 0) }
                integer = Array(digits.prefix(digits.count - scale))
                fraction = Array(digits.suffix(scale))
            }
        }
        fraction += Array(repeating: zero, count: scale - fraction.count)
        if integer.isEmpty { integer = [zero] }
        let isZero = (integer + fraction).allSatisfy { $0 == zero }
        let body = String(decoding: integer, as: UTF8.self)
            + (scale > 0 ? "." + String(decoding: fraction, as: UTF8.self) : "")
        return (negative && !isZero ? "-" : "") + body
    }

    /// The number of decimals written in the shortest exact form (2.50 → 1, 3 → 0).
    public var significantDecimals: Int {
        let text = description
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    /// The integer part of a non-negative value (2.9 → 2), read from its exact digits.
    public var wholePart: Int {
        Int(description.split(separator: ".").first ?? "0") ?? 0
    }

    /// The smallest whole number not below a non-negative value (2.1 → 3, 2 → 2).
    public var wholePartRoundedUp: Int {
        Decimal(wholePart) < self ? wholePart + 1 : wholePart
    }
}
