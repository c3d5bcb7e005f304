import Foundation
import PapoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TrustAsker {
    /// Asks on standard error and reads the answer from standard input, before readline has
    /// taken the terminal: the terminal is still in its ordinary line mode, so typing echoes and
    /// Enter ends the answer. Bytes are read one at a time with `read(2)`, not through stdio,
    /// so nothing typed after the answer is swallowed into a buffer readline never sees. Without
    /// a terminal on stdin there is nobody to ask, and piped input must not be taken as a yes.
    public static func terminal(in language: Language) -> TrustAsker {
        TrustAsker(
            ask: { question in
                guard isatty(STDIN_FILENO) == 1 else { return .cannotAsk }
                let text = (question.explanation(in: language) + [TrustQuestion.question(in: language)])
                    .joined(separator: "\n")
                FileHandle.standardError.write(Data(text.utf8))
                let answer = await Self.readLine()
                return answer.map(TrustQuestion.isYes) == true ? .trust : .decline
            },
            tell: { note in
                FileHandle.standardError.write(Data((note.rendered(in: language) + "\n").utf8))
            })
    }

    /// One line from standard input, on a thread of its own since `read` blocks; nil at its end.
    private static func readLine() async -> String? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var bytes: [UInt8] = []
                var byte: UInt8 = 0
                while true {
                    let count = read(STDIN_FILENO, &byte, 1)
                    if count < 0 && errno == EINTR { continue }
                    guard count == 1 else {
                        continuation.resume(returning: bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self))
                        return
                    }
                    if byte == UInt8(ascii: "\n") { break }
                    if bytes.count < 256 { bytes.append(byte) }
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
            thread.name = "papo.trust-question"
            thread.start()
        }
    }
}
