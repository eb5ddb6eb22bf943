import Foundation
import Logging
import PinganAccess
import PinganCases
import PinganGovernance
import PinganKernel
import PinganSignals
import PinganStorage

/// The composition root: one instance of each part's service over one database. The server,
/// the CLI and the tests all build the product through here, so there is one wiring.
public final class PinganServices: Sendable {
    public let database: Database
    public let clock: any PinganClock
    public let time: CountyTime
    public let audit: AuditLog
    public let auditKey: AuditKey
    public let auditPaths: AuditPaths
    public let users: UserStore
    public let sessions: SessionService
    public let hasher: PasswordHasher
    public let grids: GridService
    public let events: EventService
    public let mediation: MediationService
    public let signals: SignalService
    public let importSources: ImportSourceBindings
    public let imports: ImportService
    public let logger: Logger

    /// Every part's migrations, in order. Each part owns its tables.
    public static let migrations: [Migration] = AccessSchema.migrations + GovernanceSchema.migrations + BaseDataSchema.migrations
        + CasesSchema.migrations
        + SignalsSchema.migrations

    public struct Options: Sendable {
        public var bcryptCost: UInt8 = 12
        /// Hashes that may wait for the hashing thread before logins get 503 (a flood's bound).
        public var maxPendingHashes = 32
        public var sessionPolicy = SessionService.Policy()
        public var time = CountyTime.shanghai
        public var auditBatchDelay: Duration = .milliseconds(100)
        /// Where event photos are kept; by default beside the SQLite file, or `data/photos`.
        public var photoDirectory: String?
        /// The audit key file and checkpoint folder; by default `audit.key` and `audit-checkpoints/`
        /// in the data directory (`AuditPaths.defaults(for:)`).
        public var auditPaths: AuditPaths?
        public init() {}
    }

    /// Opens the database, applies pending migrations and loads the locate indexes.
    public static func open(_ url: DatabaseURL, clock: any PinganClock = SystemClock(), options: Options = Options(),
                            logger: Logger = Logger(label: "pingan")) async throws -> PinganServices {
        let paths = options.auditPaths ?? AuditPaths.defaults(for: url)
        // The key first: a server that cannot key its audit chain does not start.
        let key = try AuditKey.loadOrCreate(at: paths.key)
        let database = try await Database.open(url, logger: logger)
        try await Migrator.migrate(database, migrations, logger: logger)
        let services = PinganServices(database: database, clock: clock, options: options, logger: logger,
                                      auditKey: key, auditPaths: paths)
        try await services.grids.rebuildIndexes()
        try await services.events.reference.load()
        return services
    }

    init(database: Database, clock: any PinganClock, options: Options, logger: Logger, auditKey: AuditKey, auditPaths: AuditPaths) {
        self.database = database
        self.clock = clock
        self.time = options.time
        self.logger = logger
        self.auditKey = auditKey
        self.auditPaths = auditPaths
        self.audit = AuditLog(database: database, logger: logger, batchDelay: options.auditBatchDelay, key: auditKey,
                              checkpoints: AuditCheckpointStore(directory: auditPaths.checkpoints), clock: clock)
        self.users = UserStore(database: database)
        self.hasher = PasswordHasher(cost: options.bcryptCost, maxPending: options.maxPendingHashes)
        self.sessions = SessionService(database: database, hasher: hasher, audit: audit, clock: clock,
                                       policy: options.sessionPolicy, countyTime: options.time)
        self.grids = GridService(database: database, clock: clock)
        let photoDirectory: String
        if let configured = options.photoDirectory {
            photoDirectory = configured
        } else if case .sqlite(let path) = database.url {
            photoDirectory = path + ".photos"
        } else {
            photoDirectory = "data/photos"
        }
        self.events = EventService(database: database, reference: CaseReference(database: database),
                                   grids: GridServiceCaseGrids(grids: grids), photos: PhotoStore(directory: URL(fileURLWithPath: photoDirectory)),
                                   feed: EventFeed(), clock: clock, time: options.time, audit: audit)
        self.mediation = MediationService(database: database, grids: GridServiceCaseGrids(grids: grids), clock: clock, time: options.time,
                                          audit: audit)
        self.signals = SignalService(database: database, audit: audit, clock: clock, time: options.time)
        self.importSources = ImportSourceBindings(database: database, audit: audit, clock: clock)
        self.imports = ImportService(database: database, grids: grids, bindings: importSources, audit: audit, clock: clock, time: options.time)
    }

    /// The grid part as the events part sees it.
    public var caseGrids: any CaseGrids { GridServiceCaseGrids(grids: grids) }

    /// Flushes the audit log, writes a last checkpoint of its head and closes the database.
    public func shutdown() async {
        await audit.flush()
        do { try await audit.checkpoint() } catch {
            logger.error("audit checkpoint failed", metadata: ["error": "\(error)"])
        }
        await database.close()
    }
}
