#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hides a password given in `--database-url` from the process list, as the MySQL client does with
/// `-p`: other users read a process's arguments (`/proc/PID/cmdline`, `ps`) for as long as it runs,
/// and they are read from the process's own memory, which is overwritten here once the arguments
/// have been copied. Each password becomes one `*` whatever its length (the rest of the argument moves
/// up, the bytes freed at its end become NUL); the rest of the URL stays readable.
enum CommandLineSecrets {
    /// The option whose value may hold a password.
    static let option = "--database-url"

    /// Overwrites, in the process's own argument memory, every password of a `--database-url` value.
    /// Call it after `CommandLine.arguments` has been read (Swift copies the arguments then).
    static func scrub() {
        let argv = CommandLine.unsafeArgv
        var valueFollows = false
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = argv[index] else { continue }
            let bytes = UnsafeMutableBufferPointer(start: argument, count: strlen(argument))
            if valueFollows {
                mask(passwordRanges(in: bytes.map { UInt8(bitPattern: $0) }), in: bytes)
                valueFollows = false
            } else if bytes.elementsEqual(option.utf8.map { CChar(bitPattern: $0) }) {
                valueFollows = true
            } else if let value = valueStart(of: bytes) {
                let text = bytes[value...].map { UInt8(bitPattern: $0) }
                mask(passwordRanges(in: text).map { ($0.lowerBound + value)..<($0.upperBound + value) }, in: bytes)
            }
        }
    }

    /// Where the value of `--database-url=VALUE` starts, or nil for another argument.
    private static func valueStart(of bytes: UnsafeMutableBufferPointer<CChar>) -> Int? {
        let prefix = Array((option + "=").utf8)
        guard bytes.count >= prefix.count,
            zip(bytes, prefix).allSatisfy({ UInt8(bitPattern: $0) == $1 })
        else { return nil }
        return prefix.count
    }

    private static func mask(_ ranges: [Range<Int>], in bytes: UnsafeMutableBufferPointer<CChar>) {
        guard !ranges.isEmpty else { return }
        let original = Array(bytes)
        var masked: [CChar] = []
        var index = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= index {
            masked += original[index..<range.lowerBound]
            if !range.isEmpty { masked.append(CChar(bitPattern: UInt8(ascii: "*"))) }
            index = range.upperBound
        }
        masked += original[index...]
        for position in bytes.indices { bytes[position] = position < masked.count ? masked[position] : 0 }
    }

    /// The byte ranges of every password in a connection string, in both of libpq's forms: the
    /// URL's `user:PASSWORD@` and `?password=PASSWORD`, and `password=PASSWORD` (or quoted,
    /// `password='...'`) in `key=value` form; `sslpassword` likewise.
    static func passwordRanges(in text: [UInt8]) -> [Range<Int>] {
        let scheme = Array("://".utf8)
        if let start = firstIndex(of: scheme, in: text) {
            return urlPasswordRanges(in: text, authorityStart: start + scheme.count)
        }
        return keywordPasswordRanges(in: text)
    }

    /// `postgresql://user:PASSWORD@host/db?password=PASSWORD&...`: the user information ends at
    /// the first `@` before any `/` (libpq's rule); query values end at `&`.
    private static func urlPasswordRanges(in text: [UInt8], authorityStart: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = authorityStart
        while index < text.count, text[index] != UInt8(ascii: "@"), text[index] != UInt8(ascii: "/") { index += 1 }
        if index < text.count, text[index] == UInt8(ascii: "@"),
            let colon = text[authorityStart..<index].firstIndex(of: UInt8(ascii: ":"))
        {
            ranges.append((colon + 1)..<index)
        }
        guard let question = text[index...].firstIndex(of: UInt8(ascii: "?")) else { return ranges }
        var start = question + 1
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "&")) ?? text.count
            if let equals = text[start..<end].firstIndex(of: UInt8(ascii: "=")),
                isPasswordKeyword(percentDecoded(Array(text[start..<equals])))
            {
                ranges.append((equals + 1)..<end)
            }
            start = end + 1
        }
        return ranges
    }

    /// `host=... password=PASSWORD` or `password = 'pass word'`, with libpq's `\` escapes in quotes.
    private static func keywordPasswordRanges(in text: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        func skipSpaces() { while index < text.count, isSpace(text[index]) { index += 1 } }
        while index < text.count {
            skipSpaces()
            let keywordStart = index
            while index < text.count, text[index] != UInt8(ascii: "="), !isSpace(text[index]) { index += 1 }
            let keyword = Array(text[keywordStart..<index])
            skipSpaces()
            guard index < text.count, text[index] == UInt8(ascii: "=") else { return ranges }
            index += 1
            skipSpaces()
            let valueStart = index
            if index < text.count, text[index] == UInt8(ascii: "'") {
                index += 1
                while index < text.count, text[index] != UInt8(ascii: "'") {
                    index += text[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index = min(index + 1, text.count)
            } else {
                // libpq reads `\x` as x in an unquoted value too: `password=pass\ word` is one value.
                while index < text.count, !isSpace(text[index]) {
                    index += text[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index = min(index, text.count)
            }
            if isPasswordKeyword(keyword) { ranges.append(valueStart..<index) }
        }
        return ranges
    }

    /// A URL's query keyword as libpq reads it: `%XX` decoded (`pass%77ord` is `password`).
    private static func percentDecoded(_ text: [UInt8]) -> [UInt8] {
        var decoded: [UInt8] = []
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "%"), index + 2 < text.count,
                let value = UInt8(String(decoding: text[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                decoded.append(value)
                index += 3
            } else {
                decoded.append(text[index])
                index += 1
            }
        }
        return decoded
    }

    private static func isPasswordKeyword(_ keyword: [UInt8]) -> Bool {
        keyword.elementsEqual("password".utf8) || keyword.elementsEqual("sslpassword".utf8)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
