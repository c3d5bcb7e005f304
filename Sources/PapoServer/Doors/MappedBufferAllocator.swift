#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// The allocator hooks are SwiftNIO's SPI for buffers from memory it does not own; the public
// surface is unchanged by them.
@_spi(CustomByteBufferAllocator) import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import Synchronization

/// Buffers for TLS connections, whose large ones take their own pages, mapped on first touch.
///
/// NIOSSL gives every connection a 32 KiB plaintext buffer and a 16 KiB record buffer when its
/// handler is added. From the heap, those land in memory that earlier handshakes already
/// touched, so an idle TLS connection kept about 30 KiB resident. Mapped anonymously, a page
/// costs memory only once something is written to it: an idle connection holds the page or
/// two its handshake and lines used, and a closed one gives all of them back at once. Smaller
/// buffers (reads, lines) stay on the heap, as they would with NIO's own allocator.
///
/// The mappings made while a connection's TLS handler is added are that connection's
/// (`claimingMappings`): once it has gone quiet, `release` hands their pages back
/// (`QuietPages`), as OpenSSL's `SSL_MODE_RELEASE_BUFFERS` does for its own buffers.
enum MappedBufferAllocator {
    /// From this size up, a buffer gets its own mapping (NIOSSL's record size).
    static let mappingThreshold = 16 * 1024

    static let allocator = ByteBufferAllocator(
        allocate: { size in MappedBufferAllocator.allocate(size) },
        reallocate: { pointer, oldSize, newSize in
            MappedBufferAllocator.reallocate(pointer, from: oldSize, to: newSize)
        },
        deallocate: { pointer in MappedBufferAllocator.deallocate(pointer) },
        copy: { destination, source, count in destination.copyMemory(from: source, byteCount: count) }
    )

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    private struct Mapping {
        var length: Int
        /// The claim it was made under (`claimingMappings`), or 0.
        var owner: UInt64
    }

    /// Each mapping, by address. Kept aside rather than in a header, which would touch (and
    /// so make resident) every buffer's first page at once. A pthread lock (NIO's) rather than
    /// `Mutex`, whose futex ThreadSanitizer does not see: it reported the table's accesses
    /// from two loops as a race.
    private static let mappings = NIOLockedValueBox<[UInt: Mapping]>([:])

    /// The mappings one connection owns: those made while its TLS handler was added.
    struct OwnedMappings: Sendable {
        let owner: UInt64
        let addresses: [UInt]
    }

    /// A claim in progress: only the thread that made it sees it.
    private final class Claim: @unchecked Sendable {
        let owner: UInt64
        var addresses: [UInt] = []
        init(owner: UInt64) { self.owner = owner }
    }

    private static let nextOwner = Atomic<UInt64>(1)
    /// The claim of the code running on this thread, if any. Only mapped allocations look.
    private static let currentClaim = ThreadSpecificVariable<Claim>()

    /// Runs `body` (on this thread) and returns the mappings it made, tagged as one owner's.
    static func claimingMappings(_ body: () throws -> Void) rethrows -> OwnedMappings {
        let claim = Claim(owner: Self.nextOwner.wrappingAdd(1, ordering: .relaxed).oldValue)
        let outer = Self.currentClaim.currentValue
        Self.currentClaim.currentValue = claim
        defer { Self.currentClaim.currentValue = outer }
        try body()
        return OwnedMappings(owner: claim.owner, addresses: claim.addresses)
    }

    /// Hands the pages of `owned` back to the system: their contents read as zeros from now
    /// on, and a page costs memory again only once written. Only for buffers whose bytes are
    /// all spent. Mappings freed since the claim (and any new mapping at the same address)
    /// are left alone. Returns the bytes released.
    @discardableResult
    static func release(_ owned: OwnedMappings) -> Int {
        Self.mappings.withLockedValue { mappings in
            var released = 0
            for address in owned.addresses {
                // Under the lock: a mapping being freed is either still listed (and still
                // mapped) or gone from the table.
                guard let mapping = mappings[address], mapping.owner == owned.owner,
                    let pointer = UnsafeMutableRawPointer(bitPattern: address),
                    madvise(pointer, mapping.length, MADV_DONTNEED) == 0
                else { continue }
                released += mapping.length
            }
            return released
        }
    }

    /// The length of the mapping `pointer` starts, or nil if it came from the heap.
    static func mappingLength(of pointer: UnsafeMutableRawPointer) -> Int? {
        // Mappings start on a page; the heap's blocks rarely do, so most frees skip the lock.
        let address = UInt(bitPattern: pointer)
        guard address % UInt(Self.pageSize) == 0 else { return nil }
        return Self.mappings.withLockedValue { $0[address]?.length }
    }

    static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if size >= Self.mappingThreshold, let block = Self.map(size) {
            return block
        }
        return malloc(size)
    }

    static func reallocate(
        _ pointer: UnsafeMutableRawPointer?, from oldSize: Int, to newSize: Int
    ) -> UnsafeMutableRawPointer? {
        guard let pointer else { return Self.allocate(newSize) }
        let length = Self.mappingLength(of: pointer)
        if length == nil && newSize < Self.mappingThreshold {
            return realloc(pointer, newSize)
        }
        if let length, Self.pagesFor(newSize) == length {
            return pointer
        }
        // Across kinds, or to a mapping of another length (mremap is variadic in C, so Swift
        // cannot call it): a new block, the bytes, and the old block freed.
        guard let block = Self.allocate(newSize) else { return nil }
        block.copyMemory(from: pointer, byteCount: min(oldSize, newSize))
        Self.deallocate(pointer)
        return block
    }

    static func deallocate(_ pointer: UnsafeMutableRawPointer) {
        let address = UInt(bitPattern: pointer)
        // One lock for the lookup and the removal, and none for heap blocks off a page boundary.
        guard address % UInt(Self.pageSize) == 0,
            let mapping = Self.mappings.withLockedValue({ $0.removeValue(forKey: address) })
        else {
            free(pointer)
            return
        }
        munmap(pointer, mapping.length)
    }

    private static func pagesFor(_ size: Int) -> Int {
        (size + Self.pageSize - 1) / Self.pageSize * Self.pageSize
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        let length = Self.pagesFor(size)
        guard let block = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            block != MAP_FAILED
        else { return nil }
        let address = UInt(bitPattern: block)
        let claim = Self.currentClaim.currentValue
        claim?.addresses.append(address)
        Self.mappings.withLockedValue { $0[address] = Mapping(length: length, owner: claim?.owner ?? 0) }
        return block
    }
}
