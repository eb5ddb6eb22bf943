import Foundation
import PinganKernel
@testable import PinganServer
import PinganStorage
import PinganTestSupport
import Testing

/// `pingan bench import` at a small size: it must import every row, and each raw load must hold
/// exactly the rows the import stored (the benchmark checks this itself and throws if not), so a
/// raw figure can never come from a load that skipped columns or rows. No time is asserted.
@Suite(.storeTestLimit) struct ImportBenchmarkTests {
    @Test(arguments: TestEngines.all)
    func theRawLoadsHoldExactlyTheImportedRows(engine: DatabaseEngine) async throws {
        let database = try await TestDatabase.make(engine)
        let result: [String: JSONValue]
        do { result = try await ImportBenchmark(rows: 2_000).runOn(database.url) } catch { await database.drop(); throw error }
        await database.drop()
        #expect(result["rows"] == .int(2_000))
        for key in ["per_second", "raw_per_second", "raw_people_only_per_second", "raw_insert_per_second", "raw_loader_per_second"] {
            guard case .double(let rate)? = result[key] else { Issue.record("\(key) missing: \(result)"); continue }
            #expect(rate > 0, "\(key)")
        }
    }
}
