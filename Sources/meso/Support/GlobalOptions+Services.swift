import MesoCore

extension GlobalOptions {
    func catalogService() throws -> CatalogService {
        CatalogService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func stockService() throws -> StockService {
        StockService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func sessionService() throws -> SessionService {
        SessionService(connection: try connect(), actor: try Actor(resolvedActor))
    }

    func courseService() throws -> CourseService {
        CourseService(connection: try connect(), actor: try Actor(resolvedActor))
    }
}
