import ArgumentParser
import Foundation
import PinganSignals

/// `pingan signals`: signal timing and green waves (智慧交管).
struct SignalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "信号配时与绿波协调（智慧交管）",
        subcommands: [SignalsOptimizeCommand.self, SignalsEvaluateCommand.self]
    )
}

/// Prints a model error in Chinese and exits non-zero, instead of a stack trace.
func reportingSignalsErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as SignalsError {
        FileHandle.standardError.write(Data("错误：\(e.description)\n".utf8))
        throw ExitCode(1)
    } catch let e as SignalsValidationError {
        FileHandle.standardError.write(Data("错误：\(e.description)\n".utf8))
        throw ExitCode(1)
    }
}

/// Splits "J1,J2, J3" into ids.
func junctionList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
