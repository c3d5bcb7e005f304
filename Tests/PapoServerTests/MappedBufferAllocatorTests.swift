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
}
