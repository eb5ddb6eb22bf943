// The problems a bad import file is answered with: 415 when it is not a table we can read at all,
// 400 when it is a table but its structure is wrong. Details are in Chinese and name the culprit.
import PinganKernel

enum ImportProblem {
    static func notATable() -> Problem {
        .unsupportedMediaType("不是 CSV 或 XLSX 文件：请上传 UTF-8 或 GBK 编码的 CSV，或 Excel 2007 及以上的 .xlsx 文件。")
    }

    static func legacyExcel() -> Problem {
        .unsupportedMediaType("不是 CSV 或 XLSX 文件：这是旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 或 CSV 后上传。")
    }

    static func unknownEncoding() -> Problem {
        .unsupportedMediaType("文件编码无法识别：请另存为 UTF-8 或 GBK（GB18030）编码的 CSV。")
    }

    static func utf16() -> Problem {
        .unsupportedMediaType("文件编码无法识别：文件是 UTF-16（Unicode 文本），请另存为 UTF-8 或 GBK 编码的 CSV。")
    }

    static func damagedWorkbook(_ what: String) -> Problem {
        .malformed("XLSX 文件已损坏：\(what)")
    }

    static func missingHeader() -> Problem {
        .malformed("缺少表头：文件中没有任何非空行，第一行应为列名。")
    }

    static func unclosedQuote(row: Int) -> Problem {
        .malformed("第 \(row) 行的引号未闭合：该行以后的内容无法按 CSV 读取。")
    }

    static func duplicateHeader(_ header: String) -> Problem {
        Problem.invalid([.init(field: header, message: "表头 \(header) 重复")], detail: "表头 \(header) 重复")
    }

    static func sameField(_ first: String, _ second: String, field: String, label: String) -> Problem {
        let message = "表头 \(second) 与 \(first) 都对应字段 \(field)（\(label)），请只保留一列或用 mapping 指定"
        return Problem.invalid([.init(field: second, message: message)], detail: message)
    }

    static func unknownMappingTarget(header: String, target: String, kind: ImportKind) -> Problem {
        let message = "mapping 把表头 \(header) 映射到 \(target)，但\(kind.label)导入没有该字段"
        return Problem.invalid([.init(field: "mapping", message: message)], detail: message)
    }

    static func missingColumns(_ fields: [String], kind: ImportKind) -> Problem {
        let labels = fields.map { ImportFields.label(for: $0, kind: kind) }
        let errors = zip(fields, labels).map { Problem.FieldError(field: $0, message: "必填列缺失：\($1)") }
        return Problem.invalid(errors, detail: "必填列缺失：" + labels.joined(separator: "、"))
    }
}

extension ImportKind {
    /// The kind's Chinese name, for messages.
    var label: String {
        switch self {
        case .people: "人口"
        case .households: "户籍"
        case .houses: "房屋"
        case .organisations: "单位"
        }
    }
}
