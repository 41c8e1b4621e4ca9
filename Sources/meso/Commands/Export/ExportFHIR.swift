import ArgumentParser
import MesoCore

struct ExportFHIR: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhir",
        abstract: "A patient's record, or a lot's recall, as an HL7 FHIR R4 Bundle (JSON).",
        discussion: """
            --patient MRN (practitioners) writes everything meso knows of the patient; --lot PRODUCT:LOT \
            (practitioners and auditors) writes the recall Bundle: the lot, every patient who received it \
            in a performed session, their administrations and adverse events, and the recall as a Flag. \
            The Bundle is always pretty-printed JSON (--format only shapes error messages), on stdout \
            or, with --out, in a file that appears only once whole. The same facts give the same bytes.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The patient's MRN: export the patient's record.")
    var patient: String?

    @Option(help: "PRODUCT:LOT, such as HA-15-2:HA-2611: export the lot's recall Bundle.")
    var lot: String?

    @Option(help: "Write the Bundle to this file (replaced whole) instead of stdout.")
    var out: String?

    func validate() throws {
        guard (patient == nil) != (lot == nil) else {
            throw ValidationError("Give exactly one of --patient MRN or --lot PRODUCT:LOT.")
        }
    }

    /// The patient (MRN) or the recalled lot the bundle is of, as typed and checked.
    func request() throws(MesoError) -> (mrn: MRN?, lot: LotRef?) {
        let mrn = try MRN(patient, field: .patient)
        let reference = try LotRef(lot, field: .lot)
        if let out, out.allSatisfy(\.isWhitespace) { throw MesoError.invalid("--out", "--out must name a file.") }
        return (mrn, reference)
    }

    func run(_ request: (mrn: MRN?, lot: LotRef?)) throws {
        let service = try options.service(FHIRExportService.self)
        let destination = try BundleDestination(path: out)
        do {
            let summary: FHIRExportService.Summary
            if let mrn = request.mrn {
                summary = try service.patient(mrn: mrn, sink: destination.write)
            } else if let reference = request.lot {
                summary = try service.recall(reference, sink: destination.write)
            } else {
                throw MesoError(.usage, "Give exactly one of --patient MRN or --lot PRODUCT:LOT.")
            }
            try destination.commit()
            if let out {
                let kinds = summary.countsByType.keys.sorted().map { "\(summary.countsByType[$0] ?? 0) \($0)" }
                Console.out("Wrote a FHIR R4 Bundle of \(summary.entries) resources to \(out): \(kinds.joined(separator: ", ")).\n")
            }
        } catch {
            destination.abandon()
            throw error
        }
    }
}
