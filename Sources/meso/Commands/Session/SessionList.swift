import ArgumentParser
import MesoCore

struct SessionList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List sessions in the order they were performed.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this patient's sessions (MRN).")
    var patient: String?

    func request() throws(MesoError) -> MRN? {
        try MRN(patient, field: .patient)
    }

    func run(_ patient: MRN?) throws {
        var listing = ListingStream(format: options.format, columns: SessionPresentation.listingColumns)
        try options.service(SessionService.self).list(patient: patient, batchSize: ListingStream.batchSize) { sessions in
            listing.write(sessions.map(SessionPresentation.listingRow))
        }
        listing.finish(notes: [SessionPresentation.listingNote(count: listing.rowCount)])
    }
}
