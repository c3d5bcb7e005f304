#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding one byte in received bytes with the C library's vectorised `memchr`: receivers look
/// at every byte the server sends, so this is the generator's hottest loop, as in chatload.
enum ByteSearch {
    /// The index of the first `byte` in `bytes[start...]`, or nil.
    @inline(__always)
    static func index(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }
}
