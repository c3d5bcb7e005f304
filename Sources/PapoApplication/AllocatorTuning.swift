#if canImport(Glibc)
import Glibc
#endif

/// glibc allocator settings for a benchmark machine (`--tune-allocator`), off by default: a
/// server should not change the allocator's behaviour unasked.
///
/// Delivery buffers are allocated on one loop and freed on another, many times a second.
/// glibc hands freed heap tops back to the kernel and then faults fresh pages in for the next
/// burst; keeping up to 32 MiB of freed memory cached, in one arena, removes that churn. The
/// price is memory that stays resident after a crowd leaves.
enum AllocatorTuning {
    static func apply() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module leaves out.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
        let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = mallopt(trimThreshold, 32 << 20)
        _ = mallopt(mmapThreshold, 4 << 20)
        _ = mallopt(arenaMax, 1)
        #endif
    }
}
