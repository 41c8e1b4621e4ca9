import ArgumentParser
import MesoCore

struct ClinicSet: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the clinic's time zone (the schema's owner runs this, as with db migrate).",
        discussion: """
            Expiry, the four months after facial surgery, intervals, course due dates and report days \
            are all judged on the clinic's calendar day in this zone. The change is kept with who and when.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("time-zone"), help: "An IANA zone name: Area/City (Europe/Paris, Asia/Dubai) or UTC.")
    var timeZone: String

    func validate() throws {
        try options.checkingInput { _ = try ClinicTimeZone(timeZone) }
    }

    func run() throws {
        let (clinic, changed) = try options.clinicService().setTimeZone(try ClinicTimeZone(timeZone))
        let note =
            changed
            ? "The clinic's time zone is now \(clinic.timeZone); its today is \(clinic.today)."
            : "The clinic's time zone was already \(clinic.timeZone); nothing changed."
        options.print(ClinicPresentation.details(clinic, note: note))
    }
}
