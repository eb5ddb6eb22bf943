import ArgumentParser
import Foundation
import PinganGovernance
import PinganKernel
import PinganServer

struct GridsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grids", abstract: "网格边界导入导出 / Import and export grid boundaries (GeoJSON).",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入 GeoJSON 边界（默认试运行）/ Import a GeoJSON FeatureCollection (dry run unless --apply).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "GeoJSON 文件 / file") var file: String
        @Option(help: "图层 / layer: governance or police") var layer = "governance"
        @Flag(help: "写入数据库 / write (otherwise a dry run)") var apply = false

        func run() async throws {
            try await runReportingProblems {
                let layer = try GridLayer.parse(layer)
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取 / cannot read \(file)") }
                let json: JSONValue
                do { json = try JSONDecoder().decode(JSONValue.self, from: data) } catch { throw ValidationError("不是有效的 JSON / not JSON: \(file)") }
                let services = try await db.open()
                let report = try await GridImporter(database: services.database).run(json, layer: layer, dryRun: !apply, validFrom: services.clock.now())
                await services.shutdown()
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                if !report.rejected.isEmpty { throw ExitCode(1) }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "导出 GeoJSON / Export the current tree as GeoJSON.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "图层 / layer") var layer = "governance"
        @Option(help: "只导出该层级 / only this level") var level: Int?

        func run() async throws {
            try await runReportingProblems {
                let layer = try GridLayer.parse(layer)
                let services = try await db.open()
                let nodes = try await services.grids.store.allNodes(layer: layer, at: services.clock.now())
                await services.shutdown()
                let features: [JSONValue] = nodes.filter { level == nil || $0.level == level }.map { n in
                    ["type": "Feature",
                     "properties": ["code": .string(n.code), "name": .string(n.name), "level": .int(Int64(n.level)),
                                    "parentCode": n.parentCode.map(JSONValue.string) ?? .null],
                     "geometry": n.boundary.geoJSON]
                }
                print(JSONValue.object(["type": "FeatureCollection", "features": .array(features)]).canonical)
            }
        }
    }
}
