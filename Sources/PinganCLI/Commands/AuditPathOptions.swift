import ArgumentParser
import PinganAccess
import PinganStorage

/// Where the audit key and checkpoints are: `--data-dir` (default: the SQLite file's folder, or
/// `data/` for PostgreSQL), or each path on its own.
struct AuditPathOptions: ParsableArguments {
    @Option(name: .long, help: "数据目录 / data directory holding audit.key and audit-checkpoints/ (default: the SQLite file's folder, or data/)")
    var dataDir: String?

    @Option(name: .long, help: "审计密钥文件 / audit key file (default: DATA-DIR/audit.key; created 0600 at first start)")
    var auditKey: String?

    @Option(name: .long, help: "审计检查点目录 / audit checkpoint folder (default: DATA-DIR/audit-checkpoints)")
    var auditCheckpoints: String?

    func paths(for url: DatabaseURL) -> AuditPaths {
        var paths = dataDir.map { AuditPaths(dataDirectory: $0) } ?? AuditPaths.defaults(for: url)
        if let auditKey { paths.key = auditKey }
        if let auditCheckpoints { paths.checkpoints = auditCheckpoints }
        return paths
    }
}
