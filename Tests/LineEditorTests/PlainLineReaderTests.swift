import Dispatch
import NIOConcurrencyHelpers
import Testing

@testable import LineEditor

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PlainLineReaderTests {
    /// Collects callbacks from the reader's thread.
    final class Recorder: Sendable {
        let lines = NIOLockedValueBox<[String]>([])
        let endCount = NIOLockedValueBox(0)
        let ended = DispatchSemaphore(value: 0)
        /// Signalled once per line.
        let lineArrived = DispatchSemaphore(value: 0)

        func start(_ reader: PlainLineReader) {
            reader.start(
                onLine: { line in
                    self.lines.withLockedValue { $0.append(line) }
                    self.lineArrived.signal()
                },
                onEnd: {
                    self.endCount.withLockedValue { $0 += 1 }
                    self.ended.signal()
                }
            )
        }

        func waitForEnd() -> Bool {
            self.ended.wait(timeout: .now() + 5) == .success
        }

        func waitForLine() -> Bool {
            self.lineArrived.wait(timeout: .now() + 5) == .success
        }
    }

    /// A pipe whose ends the test closes.
    struct Pipe: ~Copyable {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var descriptors: [Int32] = [-1, -1]
            try #require(pipe(&descriptors) == 0)
            self.readEnd = descriptors[0]
            self.writeEnd = descriptors[1]
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(self.writeEnd, $0.baseAddress, $0.count) }
        }

        func closeWriteEnd() {
            close(self.writeEnd)
        }

        deinit {
            close(self.readEnd)
        }
    }

    @Test func linesArriveInOrderAndTheEndIsReportedOnce() throws {
        let pipe = try Pipe()
        let reader = PlainLineReader(descriptor: pipe.readEnd)
        let recorder = Recorder()
        recorder.start(reader)

        pipe.write("/join #lobby\nhello\r\n")
        pipe.write("\nZoë says hi\nno newline at the end")
        pipe.closeWriteEnd()

        #expect(recorder.waitForEnd())
        #expect(
            recorder.lines.withLockedValue { $0 } == ["/join #lobby", "hello", "", "Zoë says hi", "no newline at the end"]
        )
        reader.stop()
        #expect(recorder.endCount.withLockedValue { $0 } == 1)
    }

    @Test func stopEndsReadingBeforeEndOfInput() throws {
        let pipe = try Pipe()
        let reader = PlainLineReader(descriptor: pipe.readEnd)
        let recorder = Recorder()
        recorder.start(reader)
        pipe.write("first\n")
        #expect(recorder.waitForLine())

        reader.stop()
        // stop() returns once the reading thread has ended: nothing can read what comes after,
        // so no wait is needed to see that nothing more is delivered.
        #expect(recorder.endCount.withLockedValue { $0 } == 1)
        pipe.write("second\n")
        pipe.closeWriteEnd()
        reader.stop()
        #expect(recorder.lines.withLockedValue { $0 } == ["first"])
        #expect(recorder.endCount.withLockedValue { $0 } == 1)
    }

    @Test func stopFromInsideOnLineDeliversNothingMore() throws {
        let pipe = try Pipe()
        let reader = PlainLineReader(descriptor: pipe.readEnd)
        let lines = NIOLockedValueBox<[String]>([])
        let ended = DispatchSemaphore(value: 0)
        reader.start(
            onLine: { line in
                lines.withLockedValue { $0.append(line) }
                if line == "quit" {
                    reader.stop()
                }
            },
            onEnd: { ended.signal() }
        )
        pipe.write("a\nquit\nb\n")
        #expect(ended.wait(timeout: .now() + 5) == .success)
        #expect(lines.withLockedValue { $0 } == ["a", "quit"])
        pipe.closeWriteEnd()
    }

    @Test func stopBeforeStartMeansNothingIsRead() throws {
        let pipe = try Pipe()
        let reader = PlainLineReader(descriptor: pipe.readEnd)
        reader.stop()
        let recorder = Recorder()
        // A stopped reader starts no thread: nothing will ever read the pipe, nor report its end.
        recorder.start(reader)
        pipe.write("ignored\n")
        pipe.closeWriteEnd()
        reader.stop()
        #expect(recorder.lines.withLockedValue { $0 }.isEmpty)
        #expect(recorder.endCount.withLockedValue { $0 } == 0)
    }
}
