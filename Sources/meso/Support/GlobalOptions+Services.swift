import MesoCore

/// Each command's service, on a connection made from the global options and recorded as their actor.
extension GlobalOptions {
    func catalogService() throws -> CatalogService {
        CatalogService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func stockService() throws -> StockService {
        StockService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func formulaService() throws -> FormulaService {
        FormulaService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func patientService() throws -> PatientService {
        PatientService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func checkService() throws -> CheckService {
        CheckService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func auditService() throws -> AuditService {
        AuditService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func reportService() throws -> ReportService {
        ReportService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func sessionService() throws -> SessionService {
        SessionService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func clinicService() throws -> ClinicService {
        ClinicService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func courseService() throws -> CourseService {
        CourseService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func vocabularyService() throws -> VocabularyService {
        VocabularyService(connection: try connect(), actor: try Actor(resolvedActor))
    }
}
