// Finds the parts of an XLSX package the import needs, the way Excel does: the package relationships
// name the workbook, the workbook lists its sheets in tab order, and the workbook's relationships
// name each sheet's file, the shared strings and the styles.
import Foundation
import PinganKernel
import ZIPFoundation

struct WorkbookParts {
    let archive: Archive
    /// The first worksheet (in tab order) — chart sheets are skipped.
    let sheet: Entry
    let sharedStrings: Entry?
    let styles: Entry?
    /// Serial dates count from 1904-01-01 (old Mac workbooks) rather than 1899-12-30.
    let uses1904Dates: Bool

    /// Small parts (relationships, workbook, styles) are read whole; anything larger is not a real one.
    private static let smallPartLimit = 16 * 1024 * 1024

    init(_ data: Data) throws {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read, pathEncoding: nil)
        } catch {
            throw ImportProblem.notATable()   // starts like a ZIP but is not one
        }
        self.archive = archive

        let packageRels = try Self.relationships(in: archive, at: "_rels/.rels") ?? []
        let workbookPath = packageRels.first { $0.type.hasSuffix("/officeDocument") }.map { Self.resolve($0.target, from: "") }
            ?? "xl/workbook.xml"
        guard let workbookEntry = archive[workbookPath] else { throw ImportProblem.notATable() }
        guard let workbook = ElementCollector.parse(try Self.read(workbookEntry, in: archive)) else {
            throw ImportProblem.damagedWorkbook("workbook.xml 不是有效的 XML")
        }

        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let fileName = workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + fileName + ".rels"
        let rels = try Self.relationships(in: archive, at: relsPath) ?? []
        let relById = Dictionary(rels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var sheetEntry: Entry?
        for element in workbook where element.name == "sheet" {
            guard let id = XMLName.attribute("id", in: element.attributes), let rel = relById[id],
                  !rel.type.hasSuffix("/chartsheet") else { continue }
            sheetEntry = archive[Self.resolve(rel.target, from: folder)]
            if sheetEntry != nil { break }
        }
        if sheetEntry == nil, rels.isEmpty { sheetEntry = archive[(folder.isEmpty ? "" : folder + "/") + "worksheets/sheet1.xml"] }
        guard let sheetEntry else { throw ImportProblem.damagedWorkbook("找不到第一个工作表") }
        self.sheet = sheetEntry

        func part(_ suffix: String, fallback: String) -> Entry? {
            if let rel = rels.first(where: { $0.type.hasSuffix(suffix) }) {
                return archive[Self.resolve(rel.target, from: folder)]
            }
            return rels.isEmpty ? archive[(folder.isEmpty ? "" : folder + "/") + fallback] : nil
        }
        self.sharedStrings = part("/sharedStrings", fallback: "sharedStrings.xml")
        self.styles = part("/styles", fallback: "styles.xml")
        let flag = workbook.first { $0.name == "workbookPr" }.flatMap { XMLName.attribute("date1904", in: $0.attributes) }
        self.uses1904Dates = flag == "1" || flag?.lowercased() == "true"
    }

    /// A small part's bytes, refusing parts that claim to be larger than any real one.
    static func read(_ entry: Entry, in archive: Archive) throws -> Data {
        guard entry.uncompressedSize <= UInt64(smallPartLimit) else {
            throw ImportProblem.damagedWorkbook("\(entry.path) 过大")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > smallPartLimit { throw ImportProblem.damagedWorkbook("\(entry.path) 过大") }
            }
        } catch let problem as Problem {
            throw problem
        } catch {
            throw ImportProblem.damagedWorkbook("无法解压 \(entry.path)")
        }
        return data
    }

    struct Relationship {
        let id: String
        let type: String
        let target: String
    }

    private static func relationships(in archive: Archive, at path: String) throws -> [Relationship]? {
        guard let entry = archive[path] else { return nil }
        guard let elements = ElementCollector.parse(try read(entry, in: archive)) else {
            throw ImportProblem.damagedWorkbook("\(path) 不是有效的 XML")
        }
        return elements.filter { $0.name == "Relationship" }.compactMap { element in
            guard let id = element.attributes["Id"], let target = element.attributes["Target"] else { return nil }
            if element.attributes["TargetMode"] == "External" { return nil }
            return Relationship(id: id, type: element.attributes["Type"] ?? "", target: target)
        }
    }

    /// A relationship target as a path inside the package: absolute ("/xl/…") or relative to `folder`, with ".." applied.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : folder.split(separator: "/")
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(segment)
            }
        }
        return parts.joined(separator: "/")
    }
}
