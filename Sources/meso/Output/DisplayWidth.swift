/// How many terminal columns text takes: counted per grapheme cluster, so that a letter with
/// combining accents is one column, CJK ideographs and emoji two, and joiners or direction
/// marks none.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        for character in text { width += of(character) }
        return width
    }

    static func of(_ character: Character) -> Int {
        var visible = false
        for scalar in character.unicodeScalars {
            let properties = scalar.properties
            if isWide(scalar.value) || properties.isEmojiPresentation || scalar.value == 0xFE0F && properties.isEmoji {
                return 2
            }
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control:
                continue
            default:
                visible = true
            }
        }
        return visible ? 1 : 0
    }

    /// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, condensed).
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// True when text holds right-to-left letters (Arabic, Hebrew, ...).
    static func hasRightToLeft(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF:
                return true
            default:
                return false
            }
        }
    }
}
