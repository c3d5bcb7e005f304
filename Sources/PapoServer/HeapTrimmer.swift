#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import NIOConcurrencyHelpers

/// Gives the heap that departed connections freed back to the system.
///
/// glibc returns freed memory to the kernel only from the top of each arena, so after a crowd
/// of clients leaves, the memory their buffers used stays resident, scattered between the
/// blocks still in use. `malloc_trim` releases those free pages wherever they are. It walks
/// the heap, so it runs only when many connections have gone (and the count has settled),
/// off the event loops.
final class HeapTrimmer: Sendable {
    /// Departures since the last trim (from the highest count since) that make a trim worth it.
    static let departures = 64

    private struct Counts {
        var peakSinceTrim = 0
        var previous = 0
    }

    private let counts = NIOLockedValueBox(Counts())

    /// Called on every tick with the number of connections.
    func note(connections: Int) {
        let shouldTrim = self.counts.withLockedValue { counts in
            defer { counts.previous = connections }
            counts.peakSinceTrim = max(counts.peakSinceTrim, connections)
            // Settled: no change since the last tick, after enough departures.
            guard connections == counts.previous, counts.peakSinceTrim - connections >= Self.departures else {
                return false
            }
            counts.peakSinceTrim = connections
            return true
        }
        if shouldTrim {
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
