import ArgumentParser
import MesoCore

struct ClinicShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the clinic's time zone, its today, and every change of its settings.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        options.print(ClinicPresentation.details(try options.service(ClinicService.self).clinic()))
    }
}
