import Foundation
import LineEditor
import NIOConcurrencyHelpers

/// Where papod's log lines go: above the console's prompt while there is one, else standard
/// error. A direct write to the terminal would corrupt the half-typed line.
public final class ConsoleOutput: Sendable {
    private let input = NIOLockedValueBox<(any LineInput)?>(nil)

    public init() {}

    func attach(_ input: any LineInput) {
        self.input.withLockedValue { $0 = input }
    }

    func detach() {
        self.input.withLockedValue { $0 = nil }
    }

    public func write(_ line: String) {
        let attached = self.input.withLockedValue { $0 }
        if let attached {
            attached.printAbove(line)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
