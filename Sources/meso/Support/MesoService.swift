import MesoCore
import PostgresClient

/// A MesoCore service as the CLI makes it: on a connection, recorded as an actor.
protocol MesoService {
    init(connection: PostgresConnection, actor: Actor)
    /// Tells the service how the CLI names the inputs its stored sentences mention.
    mutating func namingFields(_ naming: @escaping FieldNaming)
}

extension MesoService {
    mutating func namingFields(_ naming: @escaping FieldNaming) {}
}

extension CatalogService: MesoService {}
extension StockService: MesoService {}
extension FormulaService: MesoService {}
extension PatientService: MesoService {}
extension CheckService: MesoService {}
extension AuditService: MesoService {}
extension ReportService: MesoService {}
extension CourseService: MesoService {}
extension ClinicService: MesoService {}
extension VocabularyService: MesoService {}
extension FHIRExportService: MesoService {}
extension SessionService: MesoService {
    mutating func namingFields(_ naming: @escaping FieldNaming) { fieldNames = naming }
}

extension GlobalOptions {
    /// A service on a new connection made from these options, recorded as their actor.
    func service<Service: MesoService>(_ type: Service.Type) throws -> Service {
        let connection = try connect()
        var service = Service(connection: connection, actor: try actor(on: connection))
        service.namingFields(FieldNames.naming)
        return service
    }
}
