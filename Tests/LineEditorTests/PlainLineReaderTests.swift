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

        func start(_ reader: PlainLineReader) {
            reader.start(
                onLine: { line in self.lines.withLockedValue { $0.append(line) } },
                onEnd: {
                    self.endCount.withLockedValue { $0 += 1 }
                    self.ended.signal()
                }
            )
        }

        func waitForEnd() -> Bool {
            self.ended.wait(timeout: .now() + 5) == .success
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
        while recorder.lines.withLockedValue({ $0.isEmpty }) {
            usleep(1000)
        }

        reader.stop()
        // After stop() returns the reader has ended and later input is ignored.
        #expect(recorder.endCount.withLockedValue { $0 } == 1)
        pipe.write("second\n")
        reader.stop()
        usleep(20_000)
        #expect(recorder.lines.withLockedValue { $0 } == ["first"])
        #expect(recorder.endCount.withLockedValue { $0 } == 1)
        pipe.closeWriteEnd()
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
        recorder.start(reader)
        pipe.write("ignored\n")
        usleep(20_000)
        #expect(recorder.lines.withLockedValue { $0 }.isEmpty)
        pipe.closeWriteEnd()
    }
}
