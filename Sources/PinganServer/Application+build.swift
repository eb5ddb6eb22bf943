import Foundation
import Hummingbird
import Logging
import PinganAccess
import PinganCases
import PinganGovernance
import PinganKernel

/// How the server is set up, beyond the services it serves.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var map = MapSettings()
    /// Where the UI's own files are; defaults to the bundled `Public` folder.
    public var publicDirectory: String?
    /// Debian's `libjs-leaflet` and `libjs-chart.js` install here.
    public var javascriptDirectory = "/usr/share/javascript"
    /// The county's Open311 `jurisdiction_id` (optional for clients: the server serves one county).
    public var open311Jurisdiction = "430212"
    /// Reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`); none by default.
    public var trustedProxies: [IPNetwork] = []
    /// Networks besides loopback that may read `/metrics` (`--metrics-allow`).
    public var metricsAllow: [IPNetwork] = []
    /// PEM certificate chain and private key: serve HTTPS (`--tls-cert`, `--tls-key`).
    public var tls: (certificate: String, key: String)?
    public init() {}
}

/// Builds the router: open routes, then everything else behind the session check. Kept apart
/// from `buildApplication` so tests drive the same router.
public func buildRouter(services: PinganServices, settings: ServerSettings) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost first. Everything above ProblemMiddleware sees the final response, errors
    // already rendered: so every answer gets the headers, one log line and its real status in
    // the metrics. Everything below it may throw.
    router.middlewares.add(ClientAddressMiddleware(trustedProxies: settings.trustedProxies))
    router.middlewares.add(SecurityHeadersMiddleware())
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(RequestLogMiddleware(level: .info))
    router.middlewares.add(ProblemMiddleware())
    router.middlewares.add(RequestPathGuardMiddleware())
    let routeMethods = RouteMethods()
    router.middlewares.add(MethodNotAllowedMiddleware(table: routeMethods))
    let publicDirectory = settings.publicDirectory ?? Bundle.module.path(forResource: "Public", ofType: nil) ?? "Public"
    router.middlewares.add(FileMiddleware(publicDirectory, searchForIndexHtml: true))
    router.middlewares.add(FileMiddleware(settings.javascriptDirectory + "/leaflet", urlBasePath: "/vendor/leaflet"))
    router.middlewares.add(FileMiddleware(settings.javascriptDirectory + "/chart.js", urlBasePath: "/vendor/chart.js"))

    OperationsRoutes(registry: MetricsBootstrap.registry, metricsAllow: settings.metricsAllow).add(to: router)
    Open311Routes(events: services.events, clock: services.clock, time: services.time, jurisdiction: settings.open311Jurisdiction,
                  reads: ReadAudit(audit: services.audit, clock: services.clock)).add(to: router)

    let api = router.group("api/v1")
    api.get("openapi.json") { _, _ in JSONResponse.raw(Data(OpenAPIDocument.json.utf8)) }
    let sessionRoutes = SessionRoutes(sessions: services.sessions, time: services.time)
    sessionRoutes.addOpen(to: api)

    let authenticated = api.group()
        .add(middleware: AuthMiddleware(sessions: services.sessions))
        .add(middleware: DenialAuditMiddleware(audit: services.audit, clock: services.clock))
    sessionRoutes.addAuthenticated(to: authenticated)
    let reads = ReadAudit(audit: services.audit, clock: services.clock)
    MeRoutes(grids: services.grids, map: settings.map, reads: reads).add(to: authenticated)
    GridRoutes(grids: services.grids, importer: GridImporter(database: services.database), audit: services.audit,
               clock: services.clock, time: services.time).add(to: authenticated)
    let records = BaseDataRecords(database: services.database, audit: services.audit, clock: services.clock, time: services.time)
    BaseDataRoutes(search: BaseDataSearch(database: services.database, clock: services.clock), records: records,
                   statistics: BaseDataStatistics(records: records), audit: services.audit, clock: services.clock).add(to: authenticated)
    ImportRoutes(imports: services.imports, bindings: services.importSources).add(to: authenticated)
    EventRoutes(events: services.events, grids: services.caseGrids, audit: services.audit, clock: services.clock,
                time: services.time).add(to: authenticated)
    MediationRoutes(mediation: services.mediation, grids: services.caseGrids, audit: services.audit, clock: services.clock,
                    time: services.time).add(to: authenticated)
    AdminRoutes(auditReader: AuditReader(database: services.database), users: services.users, clock: services.clock,
                time: services.time, reads: reads).add(to: authenticated)
    SignalRoutes(signals: services.signals, audit: services.audit, clock: services.clock).add(to: authenticated)
    routeMethods.set(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
    return router
}

public func buildApplication(services: PinganServices, settings: ServerSettings, logger: Logger) throws -> some ApplicationProtocol {
    let router = buildRouter(services: services, settings: settings)
    return Application(
        router: router,
        server: try ServerTLS.server(settings.tls),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "pingan"),
        services: [EventClockService(events: services.events, interval: .seconds(60), logger: logger),
                   AuditCheckpointService(audit: services.audit, interval: .seconds(30), logger: logger)],
        logger: logger)
}
