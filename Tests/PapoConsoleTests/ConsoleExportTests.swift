import Foundation
import PapoCore
import Testing

@testable import PapoConsole

@Suite("Console: export output")
struct ConsoleExportTests {
    static func exported(_ text: String) -> OperatorResult {
        var result = OperatorResult(isSuccess: true, lines: ["exported 2 lines of #math"])
        result.output = text
        return result
    }

    @Test("without --output the document is shown in place of the summary")
    func shown() {
        let result = OperatorConsoleService.writeOutput(Self.exported("a\nb\n"), to: nil)
        #expect(result.lines == ["a\nb"])
        #expect(result.output == nil)
    }

    @Test("with --output FILE papod writes the file and says so; a file it cannot write is an error")
    func written() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("papo-export-\(UUID().uuidString).csv").path
        let result = OperatorConsoleService.writeOutput(Self.exported("time,room\r\n"), to: path)
        #expect(result.isSuccess)
        #expect(result.lines == ["exported 2 lines of #math", "wrote \(path)"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "time,room\r\n")
        let failed = OperatorConsoleService.writeOutput(Self.exported("x"), to: "/nonexistent-dir/x.csv")
        #expect(!failed.isSuccess)
        #expect(failed.error?.hasPrefix("cannot write /nonexistent-dir/x.csv") == true)
    }
}
