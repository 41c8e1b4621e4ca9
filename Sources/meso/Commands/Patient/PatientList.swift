import ArgumentParser
import MesoCore

struct PatientList: MesoCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List patients by MRN.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let service = PatientService(connection: try options.connect(), actor: try Actor(options.resolvedActor))
        options.print(PatientPresentation.listing(try service.list()))
    }
}
