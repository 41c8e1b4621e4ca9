import PostgresClient

/// The North American coupon linters: `couponcode` (AI 8110) and `couponposoffer` (AI 8112),
/// field by field as gs1-syntax-engine's `lint_couponcode.c` and `lint_couponposoffer.c` read them.
enum GS1Coupons {
    /// Walks the digits, each step reading a field or returning the fault that stops it.
    struct Reader {
        let digits: [UInt8]
        var position = 0

        var atEnd: Bool { position >= digits.count }
        var next: Int? { atEnd ? nil : Int(digits[position] - UInt8(ascii: "0")) }

        /// A length indicator: its digit must be in `range`; the field is then `value + add` long.
        mutating func indicated(_ range: ClosedRange<Int>, add: Int, extra: Int? = nil, missing: String, invalid: String, truncated: String)
            -> GS1LintFault?
        {
            guard let digit = next else { return fault(missing) }
            guard range.contains(digit) || digit == extra else { return fault(invalid) }
            position += 1
            let length = digit == extra ? 0 : digit + add
            return skip(length, truncated: truncated)
        }

        mutating func skip(_ length: Int, truncated: String) -> GS1LintFault? {
            guard digits.count - position >= length else { return fault(truncated) }
            position += length
            return nil
        }

        /// One digit from `allowed`.
        mutating func code(_ allowed: String, missing: String, invalid: String) -> GS1LintFault? {
            guard let digit = next else { return fault(missing) }
            guard allowed.utf8.contains(UInt8(ascii: "0") + UInt8(digit)) else { return fault(invalid) }
            position += 1
            return nil
        }

        func fault(_ code: String) -> GS1LintFault {
            GS1LintFault("COUPON_\(code)", "is not a valid coupon code (\(code.lowercased().replacingUnderscores))")
        }
    }

    static func couponCode(_ value: [UInt8]) -> GS1LintFault? {
        guard value.allSatisfy(GS1Linter.isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        var reader = Reader(digits: value)
        if let fault = reader.indicated(0...6, add: 6, missing: "MISSING_GCP_VLI", invalid: "INVALID_GCP_LENGTH", truncated: "TRUNCATED_GCP")
            ?? reader.skip(6, truncated: "TRUNCATED_OFFER_CODE")
            ?? reader.indicated(1...5, add: 0, missing: "MISSING_SAVE_VALUE_VLI", invalid: "INVALID_SAVE_VALUE_LENGTH", truncated: "TRUNCATED_SAVE_VALUE")
            ?? purchase("1ST", &reader, gcp: false)
        {
            return fault
        }
        if reader.next == 1 {
            reader.position += 1
            if let fault = reader.code("0123", missing: "MISSING_ADDITIONAL_PURCHASE_RULES_CODE", invalid: "INVALID_ADDITIONAL_PURCHASE_RULES_CODE")
                ?? purchase("2ND", &reader, gcp: true)
            {
                return fault
            }
        }
        if reader.next == 2 {
            reader.position += 1
            if let fault = purchase("3RD", &reader, gcp: true) { return fault }
        }
        var expiration: ArraySlice<UInt8>?
        if reader.next == 3 {
            reader.position += 1
            if let fault = date(&reader, short: "TOO_SHORT_FOR_EXPIRATION_DATE", invalid: "INVALID_EXIPIRATION_DATE") { return fault }
            expiration = value[(reader.position - 6)..<reader.position]
        }
        if reader.next == 4 {
            reader.position += 1
            if let fault = date(&reader, short: "TOO_SHORT_FOR_START_DATE", invalid: "INVALID_START_DATE") { return fault }
            if let expiration, expiration.lexicographicallyPrecedes(value[(reader.position - 6)..<reader.position]) {
                return reader.fault("EXPIRATION_BEFORE_START")
            }
        }
        if reader.next == 5 {
            reader.position += 1
            guard let digit = reader.next else { return reader.fault("MISSING_SERIAL_NUMBER_VLI") }
            reader.position += 1
            if let fault = reader.skip(digit + 6, truncated: "TRUNCATED_SERIAL_NUMBER") { return fault }
        }
        if reader.next == 6 {
            reader.position += 1
            if let fault = reader.indicated(
                1...7, add: 6, missing: "MISSING_RETAILER_GCP_OR_GLN_VLI", invalid: "INVALID_RETAILER_GCP_OR_GLN_LENGTH",
                truncated: "TRUNCATED_RETAILER_GCP_OR_GLN")
            {
                return fault
            }
        }
        if reader.next == 9 {
            reader.position += 1
            if let fault = reader.code("01256", missing: "MISSING_SAVE_VALUE_CODE", invalid: "INVALID_SAVE_VALUE_CODE")
                ?? reader.code("012", missing: "MISSING_SAVE_VALUE_APPLIES_TO_ITEM", invalid: "INVALID_SAVE_VALUE_APPLIES_TO_ITEM")
                ?? reader.code("0123456789", missing: "MISSING_STORE_COUPON_FLAG", invalid: "MISSING_STORE_COUPON_FLAG")
                ?? reader.code("01", missing: "MISSING_DONT_MULTIPLY_FLAG", invalid: "INVALID_DONT_MULTIPLY_FLAG")
            {
                return fault
            }
        }
        return reader.atEnd ? nil : reader.fault("EXCESS_DATA")
    }

    /// A purchase requirement: its length indicator and value, its code, its family code, and (for
    /// the 2nd and 3rd) a company prefix whose indicator 9 means none.
    static func purchase(_ which: String, _ reader: inout Reader, gcp: Bool) -> GS1LintFault? {
        if let fault = reader.indicated(
            1...5, add: 0, missing: "MISSING_\(which)_PURCHASE_REQUIREMENT_VLI", invalid: "INVALID_\(which)_PURCHASE_REQUIREMENT_LENGTH",
            truncated: "TRUNCATED_\(which)_PURCHASE_REQUIREMENT")
            ?? reader.code("012349", missing: "MISSING_\(which)_PURCHASE_REQUIREMENT_CODE", invalid: "INVALID_\(which)_PURCHASE_REQUIREMENT_CODE")
            ?? reader.skip(3, truncated: "TRUNCATED_\(which)_PURCHASE_FAMILY_CODE")
        {
            return fault
        }
        guard gcp else { return nil }
        return reader.indicated(
            0...6, add: 6, extra: 9, missing: "MISSING_\(which)_PURCHASE_GCP_VLI", invalid: "INVALID_\(which)_PURCHASE_GCP_LENGTH",
            truncated: "TRUNCATED_\(which)_PURCHASE_GCP")
    }

    static func date(_ reader: inout Reader, short: String, invalid: String) -> GS1LintFault? {
        guard reader.digits.count - reader.position >= 6 else { return reader.fault(short) }
        let digits = Array(reader.digits[reader.position..<(reader.position + 6)])
        // The coupon's dates are YYMMDD in GS1's fixed 1972-2071 window, as the reference linter.
        if GS1Dates.fault(in: digits, linter: .yymmdd, today: CalendarDate(year: 2021, month: 6, day: 1)!) != nil {
            return reader.fault(invalid)
        }
        reader.position += 6
        return nil
    }

    /// AI 8112: format code 0 or 1, funder ID, six-digit offer code, serial number.
    static func positiveOffer(_ value: [UInt8]) -> GS1LintFault? {
        guard value.allSatisfy(GS1Linter.isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        var reader = Reader(digits: value)
        if let fault = reader.code("01", missing: "MISSING_FORMAT_CODE", invalid: "INVALID_FORMAT_CODE")
            ?? reader.indicated(0...6, add: 6, missing: "MISSING_FUNDER_VLI", invalid: "INVALID_FUNDER_LENGTH", truncated: "TRUNCATED_FUNDER")
            ?? reader.skip(6, truncated: "TRUNCATED_OFFER_CODE")
            ?? reader.indicated(0...9, add: 6, missing: "MISSING_SERIAL_NUMBER_VLI", invalid: "MISSING_SERIAL_NUMBER_VLI", truncated: "TRUNCATED_SERIAL_NUMBER")
        {
            return fault
        }
        return reader.atEnd ? nil : reader.fault("EXCESS_DATA")
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
