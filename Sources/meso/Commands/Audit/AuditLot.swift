import ArgumentParser
import MesoCore

struct AuditLot: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "lot",
        abstract: "Every patient and session that received a lot, with volumes, waste, practitioner and adverse events.",
        discussion: """
            Cancelled sessions are listed, marked cancelled, and left out of the totals and of the \
            patients to contact. With --format csv, prints the recall contact list: one row per patient \
            who received the lot in a performed session.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    func request() throws(MesoError) -> LotRef {
        try lot.reference()
    }

    func run(_ request: LotRef) throws {
        options.print(.lotTrace(try options.service(AuditService.self).lot(request)))
    }
}
