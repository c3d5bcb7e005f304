#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import NIOConcurrencyHelpers

/// Gives the heap that connections' comings and goings freed back to the system.
///
/// glibc returns freed memory to the kernel only from the top of each arena. After a crowd of
/// clients leaves, the memory their buffers used stays resident, scattered between the blocks
/// still in use; and a crowd arriving leaves the same behind, where each connection's set-up
/// (an HTTP upgrade, a TLS handshake) freed what it needed only for a moment between the
/// blocks that stay. `malloc_trim` releases those free pages wherever they are. It walks the
/// heap, so it runs only when the count of connections has moved a lot and settled, off the
/// event loops.
final class HeapTrimmer: Sendable {
    private let policy = NIOLockedValueBox(TrimPolicy())

    /// Called on every tick with the number of connections.
    func note(connections: Int) {
        if self.policy.withLockedValue({ $0.shouldTrim(connections: connections) }) {
            DispatchQueue.global(qos: .utility).async { Self.trim() }
        }
    }

    static func trim() {
        #if canImport(Glibc)
        // malloc_trim is declared in <malloc.h>, which the Glibc module leaves out.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}

/// When a trim is worth it: the number of connections has settled (no change since the last
/// tick) after at least `threshold` departures from its highest, or arrivals above its count
/// at the last trim; and once more `followUpTicks` later, for what the crowd did just after
/// (new arrivals join their rooms, and each join's messages are freed after the first trim).
struct TrimPolicy {
    static let threshold = 64
    static let followUpTicks = 5

    private var peakSinceTrim = 0
    private var atLastTrim = 0
    private var previous = 0
    /// Ticks until the follow-up trim, while one is due.
    private var followUpIn: Int?

    mutating func shouldTrim(connections: Int) -> Bool {
        defer { self.previous = connections }
        self.peakSinceTrim = max(self.peakSinceTrim, connections)
        let departed = self.peakSinceTrim - connections
        let arrived = connections - self.atLastTrim
        if connections == self.previous, departed >= Self.threshold || arrived >= Self.threshold {
            self.peakSinceTrim = connections
            self.atLastTrim = connections
            self.followUpIn = Self.followUpTicks
            return true
        }
        guard let ticks = self.followUpIn else { return false }
        self.followUpIn = ticks > 1 ? ticks - 1 : nil
        return ticks == 1
    }
}
