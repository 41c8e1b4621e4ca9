import PostgresClient

/// A delivery as a scanner dumps it (`lot receive Field.scans FILE`): one scanned element string per
/// line, each a pack. Every line is read here; what only the database can tell (the product of a GTIN,
/// the lot on file, a serial already received) is judged when it is received, and the delivery is
/// received whole or not at all.
public struct ScanDelivery: Sendable, Hashable {
    /// A line read as a pack.
    public struct Line: Sendable, Hashable {
        public let number: Int
        public let pack: ScannedPack
    }

    /// A line that cannot be received, with why (the refusal prefixes its number: "Line 3: ...").
    public struct Refusal: Sendable, Hashable, Error {
        public let line: Int
        public let message: Message
        /// A stock rule refuses it (a recalled lot) rather than the line being wrong.
        public let byStockRule: Bool

        public init(line: Int, message: Message, byStockRule: Bool = false) {
            self.line = line
            self.message = message
            self.byStockRule = byStockRule
        }
    }

    public let lines: [Line]
    /// Lines that could not be read as a pack with a lot.
    public let unreadable: [Refusal]
    public let vialsPerPack: Int
    public let supplier: String?
    /// Lots new to the clinic are received into quarantine; lots on file keep their status.
    public let quarantine: Bool
    public let receivedAt: Timestamp?

    /// - Parameter text: the file's contents; blank lines are skipped but counted.
    public init(
        text: String, vialsPerPack: VialCount?, supplier: Name?, quarantine: Bool, today: CalendarDate,
        at: Timestamp? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        self.vialsPerPack = vialsPerPack?.value ?? 1
        self.supplier = supplier?.text
        self.quarantine = quarantine
        self.receivedAt = try LotReceipt.receivedAt(at, now: now)
        var lines: [Line] = []
        var unreadable: [Refusal] = []
        // A scanner ends its lines with CR LF, LF or CR (one Character each), and may pad them with
        // spaces or tabs.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let line = String(raw.drop(while: Self.isPadding).reversed().drop(while: Self.isPadding).reversed())
            guard !line.isEmpty else { continue }
            do {
                let pack = try ScannedPack(parsing: line, today: today, field: "the label")
                guard pack.lotNumber != nil else {
                    unreadable.append(Refusal(line: number, message: "the label has no lot (10): a pack is received into its lot."))
                    continue
                }
                lines.append(Line(number: number, pack: pack))
            } catch {
                unreadable.append(Refusal(line: number, message: error.sentence))
            }
        }
        guard !lines.isEmpty || !unreadable.isEmpty else {
            throw .invalid("\(.scans)", "\(.scans) holds no scanned line: one element string per line, as the scanner writes them.")
        }
        guard lines.count + unreadable.count <= Self.mostPacks else {
            throw .invalid("\(.scans)", "\(.scans) holds more than \(Self.mostPacks) scanned lines: split the delivery.")
        }
        self.lines = lines
        self.unreadable = unreadable
    }

    private static func isPadding(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r"
    }

    /// A delivery larger than this is split: a file of a million lines is a mistake, not a delivery.
    public static let mostPacks = 10_000

    /// The refusal of a delivery with refused lines: every one of them, with its number, and nothing
    /// written. Refused by a stock rule (exit 3) when every refused line is; invalid input otherwise.
    static func refusal(_ refused: [Refusal], of total: Int) -> MesoError {
        let sorted = refused.sorted { $0.line < $1.line }
        let lines = Message.joined(sorted.map { "Line \($0.line): \($0.message)" }, separator: " ")
        let count = sorted.count == 1 ? "1 line" : "\(sorted.count) lines"
        let message: Message = "Nothing received: \(count) of \(total) in \(.scans) refused. \(lines)"
        return sorted.allSatisfy(\.byStockRule) ? .refused(message) : .invalid("\(.scans)", message)
    }
}
