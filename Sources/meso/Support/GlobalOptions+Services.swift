import MesoCore
import PostgresClient

/// Each command's service, on a connection made from the global options and recorded as their actor.
extension GlobalOptions {
    func catalogService() throws -> CatalogService { try service(CatalogService.init(connection:actor:)) }
    func stockService() throws -> StockService { try service(StockService.init(connection:actor:)) }
    func formulaService() throws -> FormulaService { try service(FormulaService.init(connection:actor:)) }
    func patientService() throws -> PatientService { try service(PatientService.init(connection:actor:)) }
    func checkService() throws -> CheckService { try service(CheckService.init(connection:actor:)) }
    func auditService() throws -> AuditService { try service(AuditService.init(connection:actor:)) }
    func reportService() throws -> ReportService { try service(ReportService.init(connection:actor:)) }
    func sessionService() throws -> SessionService { try service(SessionService.init(connection:actor:)) }
    func courseService() throws -> CourseService { try service(CourseService.init(connection:actor:)) }
    func clinicService() throws -> ClinicService { try service(ClinicService.init(connection:actor:)) }
    func vocabularyService() throws -> VocabularyService { try service(VocabularyService.init(connection:actor:)) }
    func exportService() throws -> FHIRExportService { try service(FHIRExportService.init(connection:actor:)) }

    private func service<Service>(_ make: (PostgresConnection, Actor) -> Service) throws -> Service {
        let connection = try connect()
        return make(connection, try actor(on: connection))
    }
}
