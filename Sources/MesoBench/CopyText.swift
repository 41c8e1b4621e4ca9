import PostgresClient

/// Values in PostgreSQL's text input syntax, made quickly: the loader writes a few million of them.
enum CopyText {
    /// Thousandths of a mL as numeric text: -1500 is "-1.500".
    static func milli(_ value: Int64) -> String {
        let magnitude = value.magnitude
        let fraction = magnitude % 1000
        let digits = fraction < 10 ? "00" : fraction < 100 ? "0" : ""
        return (value < 0 ? "-" : "") + String(magnitude / 1000) + "." + digits + String(fraction)
    }

    static func timestamp(_ microseconds: Int64) -> String {
        Timestamp(microsecondsSinceEpoch: microseconds).description
    }
}

/// Remembers the text of the last timestamp: rows of one session share it.
struct TimestampText {
    private var last: Int64 = .min
    private var text = ""

    mutating func callAsFunction(_ microseconds: Int64) -> String {
        if microseconds != last {
            last = microseconds
            text = CopyText.timestamp(microseconds)
        }
        return text
    }
}
