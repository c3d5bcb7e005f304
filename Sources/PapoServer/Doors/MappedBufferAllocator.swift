#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// The allocator hooks are SwiftNIO's SPI for buffers from memory it does not own; the public
// surface is unchanged by them.
@_spi(CustomByteBufferAllocator) import NIOCore
import Synchronization

/// Buffers for TLS connections, whose large ones take their own pages, mapped on first touch.
///
/// NIOSSL gives every connection a 32 KiB plaintext buffer and a 16 KiB record buffer when its
/// handler is added. From the heap, those land in memory that earlier handshakes already
/// touched, so an idle TLS connection kept about 30 KiB resident. Mapped anonymously, a page
/// costs memory only once something is written to it: an idle connection holds the page or
/// two its handshake and lines used, and a closed one gives all of them back at once. Smaller
/// buffers (reads, lines) stay on the heap, as they would with NIO's own allocator.
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

    /// The length of each mapping, by address. Kept aside rather than in a header, which
    /// would touch (and so make resident) every buffer's first page at once.
    private static let mappings = Mutex<[UInt: Int]>([:])

    /// The length of the mapping `pointer` starts, or nil if it came from the heap.
    static func mappingLength(of pointer: UnsafeMutableRawPointer) -> Int? {
        // Mappings start on a page; the heap's blocks rarely do, so most frees skip the lock.
        let address = UInt(bitPattern: pointer)
        guard address % UInt(Self.pageSize) == 0 else { return nil }
        return Self.mappings.withLock { $0[address] }
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
            let length = Self.mappings.withLock({ $0.removeValue(forKey: address) })
        else {
            free(pointer)
            return
        }
        munmap(pointer, length)
    }

    private static func pagesFor(_ size: Int) -> Int {
        (size + Self.pageSize - 1) / Self.pageSize * Self.pageSize
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        let length = Self.pagesFor(size)
        guard let block = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            block != MAP_FAILED
        else { return nil }
        Self.mappings.withLock { $0[UInt(bitPattern: block)] = length }
        return block
    }
}
