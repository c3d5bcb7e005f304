import Foundation
import PapoTestSupport
import Testing

@Suite("papod's help")
struct PapodHelpTests {
    @Test("--help to a reader that stops after one byte still exits 0, as scripts under pipefail need")
    func helpToAClosedPipe() async throws {
        let papod = try PapodProcess.executable().path
        // Five times: without SIGPIPE ignored, papod dies on most of them (its help takes
        // several writes, and `head` is gone after the first).
        for _ in 0..<5 {
            let shell = try ChildProcess(
                executable: URL(fileURLWithPath: "/bin/bash"),
                arguments: ["-c", "set -o pipefail; \"$0\" --help | head -c 1 > /dev/null", papod])
            try shell.closeInput()
            let status = try await shell.waitForExit()
            #expect(status == 0, "\(shell.standardError)")
        }
    }
}
