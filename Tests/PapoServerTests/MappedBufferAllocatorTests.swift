#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import Testing

@testable import PapoServer

@Suite("Mapped buffer allocator (TLS connections)")
struct MappedBufferAllocatorTests {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// How many of the pages from `pointer` on are resident, by mincore(2).
    private static func residentPages(_ pointer: UnsafeMutableRawPointer, length: Int) -> Int {
        let pages = (length + Self.pageSize - 1) / Self.pageSize
        var vector = [UInt8](repeating: 0, count: pages)
        #if canImport(Glibc)
        let status = vector.withUnsafeMutableBufferPointer { mincore(pointer, length, $0.baseAddress) }
        #else
        let status = vector.withUnsafeMutableBufferPointer {
            mincore(pointer, length, UnsafeMutablePointer<CChar>(OpaquePointer($0.baseAddress)))
        }
        #endif
        #expect(status == 0)
        return vector.filter { $0 & 1 == 1 }.count
    }

    @Test("a large buffer is its own mapping, and only the pages written to are resident")
    func largeBuffersAreMappedLazily() throws {
        let size = 2 * 16 * 1024
        let block = try #require(MappedBufferAllocator.allocate(size))
        defer { MappedBufferAllocator.deallocate(block) }
        #expect(MappedBufferAllocator.mappingLength(of: block) == size)
        #expect(Self.residentPages(block, length: size) == 0)
        block.storeBytes(of: 7, as: UInt8.self)
        #expect(Self.residentPages(block, length: size) == 1)
    }

    @Test("small buffers come from the heap")
    func smallBuffersUseTheHeap() throws {
        let block = try #require(MappedBufferAllocator.allocate(512))
        defer { MappedBufferAllocator.deallocate(block) }
        #expect(MappedBufferAllocator.mappingLength(of: block) == nil)
    }

    @Test("reallocation keeps the bytes, from the heap to a mapping, between mappings and back")
    func reallocationKeepsContents() throws {
        let pattern = (0..<256).map { UInt8($0) }
        var block = try #require(MappedBufferAllocator.allocate(256))
        block.copyMemory(from: pattern, byteCount: pattern.count)
        var size = 256
        for newSize in [1000, 40 * 1024, 100 * 1024, 64 * 1024, 4 * 1024] {
            block = try #require(MappedBufferAllocator.reallocate(block, from: size, to: newSize))
            size = newSize
            #expect(Array(UnsafeRawBufferPointer(start: block, count: pattern.count)) == pattern)
            let isMapped = MappedBufferAllocator.mappingLength(of: block) != nil
            #expect(isMapped == (newSize >= MappedBufferAllocator.mappingThreshold))
        }
        MappedBufferAllocator.deallocate(block)
    }

    @Test("ByteBuffers on the allocator grow across the threshold and keep their bytes")
    func byteBuffersWork() {
        var buffer = MappedBufferAllocator.allocator.buffer(capacity: 64)
        let line = String(repeating: "linha de chat ", count: 8) + "\n"
        for _ in 0..<400 {
            buffer.writeString(line)
        }
        #expect(buffer.capacity >= MappedBufferAllocator.mappingThreshold)
        #expect(buffer.readableBytes == 400 * line.utf8.count)
        let copy = buffer
        buffer.writeString("mais")
        #expect(buffer.getString(at: 0, length: line.utf8.count) == line)
        #expect(copy.readableBytes == 400 * line.utf8.count)
    }

    @Test("mappings made under a claim are its own, and releasing them hands their pages back as zeros")
    func claimedMappingsAreReleased() throws {
        let size = 32 * 1024
        var blocks: [UnsafeMutableRawPointer] = []
        let owned = try MappedBufferAllocator.claimingMappings {
            blocks.append(try #require(MappedBufferAllocator.allocate(size)))
            blocks.append(try #require(MappedBufferAllocator.allocate(512)))  // from the heap: not claimed
        }
        let outside = try #require(MappedBufferAllocator.allocate(size))
        defer {
            blocks.forEach(MappedBufferAllocator.deallocate)
            MappedBufferAllocator.deallocate(outside)
        }
        #expect(owned.addresses == [UInt(bitPattern: blocks[0])])
        blocks[0].storeBytes(of: 42, toByteOffset: 5000, as: UInt8.self)
        outside.storeBytes(of: 43, as: UInt8.self)
        #expect(Self.residentPages(blocks[0], length: size) == 1)

        #expect(MappedBufferAllocator.release(owned) == size)
        #expect(Self.residentPages(blocks[0], length: size) == 0)
        #expect(blocks[0].load(fromByteOffset: 5000, as: UInt8.self) == 0)
        // Another owner's mapping keeps its page and its byte.
        #expect(Self.residentPages(outside, length: size) == 1)
        #expect(outside.load(as: UInt8.self) == 43)
    }

    @Test("a claim's mapping that was freed, and a new mapping at its address, are not released")
    func freedMappingsAreNotReleased() throws {
        let size = 16 * 1024
        let owned = try MappedBufferAllocator.claimingMappings {
            MappedBufferAllocator.deallocate(try #require(MappedBufferAllocator.allocate(size)))
        }
        #expect(owned.addresses.count == 1)
        // The kernel often hands the same address to the next mapping of that size.
        let successor = try #require(MappedBufferAllocator.allocate(size))
        defer { MappedBufferAllocator.deallocate(successor) }
        successor.storeBytes(of: 9, as: UInt8.self)
        #expect(MappedBufferAllocator.release(owned) == 0)
        #expect(successor.load(as: UInt8.self) == 9)
        #expect(Self.residentPages(successor, length: size) == 1)
    }
}

@Suite("Quiet TLS connections' pages")
struct QuietPagesTests {
    @Test("pages are released once per quiet spell: after a whole tick without activity, with nothing to send")
    func releasedOncePerQuietSpell() throws {
        let size = 32 * 1024
        var block: UnsafeMutableRawPointer?
        let pages = QuietPages(
            MappedBufferAllocator.claimingMappings { block = MappedBufferAllocator.allocate(size) })
        let buffer = try #require(block)
        defer { MappedBufferAllocator.deallocate(buffer) }
        buffer.storeBytes(of: 1, as: UInt8.self)
        var isIdle = true

        #expect(!pages.releaseIfQuiet { isIdle }, "busy since it was opened")
        isIdle = false
        #expect(!pages.releaseIfQuiet { isIdle }, "bytes still waiting to be sent")
        isIdle = true
        pages.holdsInput = true
        #expect(!pages.releaseIfQuiet { isIdle }, "an unfinished message may lie in the buffer")
        pages.holdsInput = false
        #expect(pages.releaseIfQuiet { isIdle })
        #expect(buffer.load(as: UInt8.self) == 0)
        #expect(!pages.releaseIfQuiet { isIdle }, "already released")

        pages.noteActivity()
        #expect(!pages.releaseIfQuiet { isIdle }, "active during this tick")
        #expect(pages.releaseIfQuiet { isIdle })
    }
}
