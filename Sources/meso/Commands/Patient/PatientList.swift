import ArgumentParser
import MesoCore

struct PatientList: MesoCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List patients by MRN.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.listing(try service.list()))
    }
}
