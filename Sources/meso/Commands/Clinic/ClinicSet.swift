import ArgumentParser
import MesoCore

struct ClinicSet: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the clinic's time zone or identifier system (the schema's owner runs this, as with db migrate).",
        discussion: """
            Expiry, the four months after facial surgery, intervals, course due dates and report days \
            are all judged on the clinic's calendar day in --time-zone. --identifier-system is the URI \
            under which meso's identifiers are exported (FHIR Identifier.system); every exported \
            resource's urn:uuid is derived from it. Each change is kept with who and when.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("time-zone"), help: "An IANA zone name: Area/City (Europe/Paris, Asia/Dubai) or UTC.")
    var timeZone: String?

    @Option(
        name: .customLong("identifier-system"),
        help: "An absolute URI the clinic controls, such as https://clinic.example/fhir/ids or urn:oid:1.2.250.1.999.")
    var identifierSystem: String?

    func validate() throws {
        guard timeZone != nil || identifierSystem != nil else {
            throw ValidationError("Give --time-zone or --identifier-system.")
        }
    }

    /// The new time zone and identifier system, each checked.
    func request() throws(MesoError) -> (timeZone: ClinicTimeZone?, identifierSystem: IdentifierSystem?) {
        (
            try timeZone.map { text throws(MesoError) in try ClinicTimeZone(text) },
            try IdentifierSystem(identifierSystem, field: .identifierSystem)
        )
    }

    func run(_ request: (timeZone: ClinicTimeZone?, identifierSystem: IdentifierSystem?)) throws {
        let service = try options.service(ClinicService.self)
        var notes: [String] = []
        var clinic: Clinic?
        if let timeZone = request.timeZone {
            let (updated, changed) = try service.setTimeZone(timeZone)
            notes.append(
                changed
                    ? "The clinic's time zone is now \(updated.timeZone); its today is \(updated.today)."
                    : "The clinic's time zone was already \(updated.timeZone); nothing changed.")
            clinic = updated
        }
        if let identifierSystem = request.identifierSystem {
            let (updated, changed) = try service.setIdentifierSystem(identifierSystem)
            notes.append(
                changed
                    ? "The clinic's identifier system is now \(updated.identifierSystem): exported resources take new urn:uuid fullUrls from it."
                    : "The clinic's identifier system was already \(updated.identifierSystem); nothing changed.")
            clinic = updated
        }
        guard let clinic else { return }
        options.print(ClinicPresentation.details(clinic, notes: notes))
    }
}
