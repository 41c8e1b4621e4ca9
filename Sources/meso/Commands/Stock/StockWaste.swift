#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ArgumentParser
import MesoCore

struct StockWaste: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "waste",
        abstract: "Write a volume off a lot as waste (a broken vial, a spill).",
        discussion: """
            A multi-dose lot's waste is whole sealed vials, or, with --vial, a spill from one of its open \
            vials (lot show lists them).
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var volume: LotVolumeArguments

    @Option(parsing: .unconditional, help: "The open vial of a multi-dose lot the volume was spilled from.")
    var vial: String?

    func request() throws(MesoError) -> (lot: LotRef, ml: Millilitres, reason: Note, vial: Int64?) {
        let request = try volume.request(allowingZero: false)
        let vial = try RecordID(vial, field: .vial)?.value
        return (request.lot, request.ml, request.reason, vial)
    }

    func run(_ request: (lot: LotRef, ml: Millilitres, reason: Note, vial: Int64?)) throws {
        let update = try options.service(StockService.self).waste(request.lot, ml: request.ml, vial: request.vial, reason: request.reason)
        let from = request.vial.map { " from open vial \($0)" } ?? ""
        options.print(
            LotPresentation.updated(update, "\(update.lot.label): \(request.ml.value.fixed(scale: 3)) mL written off as waste\(from)."))
    }
}
