/// Prints a listing batch by batch, for the listings that grow with the clinic's history
/// (`audit ledger`, `session list`): years of it do not fit in a command's memory. Each format
/// prints the same bytes as the whole listing at once, except that a table's columns widen from
/// one batch to the next when a later batch holds a wider value.
struct ListingStream {
    /// Rows read and printed per round trip.
    static let batchSize = 2_000

    let format: OutputFormat
    let columns: [String]
    private var layout: TableRenderer.RowLayout
    private(set) var rowCount = 0

    init(format: OutputFormat, columns: [String]) {
        self.format = format
        self.columns = columns
        layout = TableRenderer.RowLayout(columns: columns)
    }

    mutating func write(_ rows: [OutputRecord]) {
        guard !rows.isEmpty else { return }
        let first = rowCount == 0
        rowCount += rows.count
        switch format {
        case .table:
            Console.out(layout.render(rows, header: first))
        case .json:
            Console.out((first ? "[" : ",") + rows.map { JSONRenderer.encode(.record($0)) }.joined(separator: ","))
        case .csv:
            Console.out((first ? CSVRenderer.header(columns) : "") + CSVRenderer.rows(rows, columns: columns))
        }
    }

    /// Ends the listing; `notes` are for a person reading the table, as in `Presentation`.
    func finish(notes: [String]) {
        switch format {
        case .table:
            var text = rowCount == 0 && notes.isEmpty ? "(none)\n" : ""
            for note in notes { text += note + "\n" }
            Console.out(text)
        case .json:
            Console.out(rowCount == 0 ? "[]\n" : "]\n")
        case .csv:
            if rowCount == 0 { Console.out(CSVRenderer.header(columns)) }
        }
    }
}
