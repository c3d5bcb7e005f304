#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes the PEM files with plain system calls, because the errors must say which of "no such file" and
/// "permission denied" happened (Foundation folds both into nil), and because the self-signed key must be created
/// with mode 0600 rather than narrowed after being written.
enum TLSFileAccess {
    /// Certificates and keys are a few kilobytes; anything far larger is not one, and reading a FIFO or a device
    /// given by mistake must stop somewhere.
    static let maximumSize = 1 << 20

    /// The whole file, or the error naming `path` in the `role` it was given for.
    static func contents(of path: String, role: TLSFileError.Role) throws(TLSFileError) -> [UInt8] {
        // O_NONBLOCK so that a FIFO given by mistake fails below instead of waiting for a writer; it changes
        // nothing for a regular file.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR {
                throw TLSFileError(role, path: path, .noSuchFile)
            }
            throw TLSFileError(role, path: path, .unreadable(reason: Self.reason(error)))
        }
        defer { _ = close(descriptor) }
        // A FIFO or socket cannot seek (a directory fails at its first read, with EISDIR). No
        // `fstat`: with member-import visibility, its struct resolves to two modules in release builds.
        if lseek(descriptor, 0, SEEK_CUR) < 0 && errno == ESPIPE {
            throw TLSFileError(role, path: path, .unreadable(reason: "not a regular file"))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                let error = errno
                if error == EINTR { continue }
                throw TLSFileError(role, path: path, .unreadable(reason: Self.reason(error)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > Self.maximumSize {
                throw TLSFileError(role, path: path, .unreadable(reason: "larger than 1 MiB"))
            }
        }
    }

    /// Writes `bytes` to a fresh file beside `path` created with `mode`, then renames it over `path`, so a reader
    /// sees the old file or the new one and never a part, and the file is never more open than `mode` allows.
    static func replace(
        _ path: String,
        with bytes: [UInt8],
        mode: mode_t,
        role: TLSFileError.Role
    ) throws(TLSFileError) {
        let temporaryPath = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw TLSFileError(role, path: path, .unwritable(reason: Self.reason(errno)))
        }
        var isWritten = false
        defer {
            if !isWritten { _ = unlink(temporaryPath) }
        }
        do {
            defer { _ = close(descriptor) }
            // The umask can only take bits away; fchmod makes the mode exactly `mode` (0644 for the certificate
            // even under umask 077, 0600 for the key whatever the umask).
            guard fchmod(descriptor, mode) == 0 else {
                throw TLSFileError(role, path: path, .unwritable(reason: Self.reason(errno)))
            }
            var offset = 0
            while offset < bytes.count {
                let count = bytes.withUnsafeBytes { buffer in
                    write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                }
                if count < 0 {
                    let error = errno
                    if error == EINTR { continue }
                    throw TLSFileError(role, path: path, .unwritable(reason: Self.reason(error)))
                }
                offset += count
            }
            guard fsync(descriptor) == 0 else {
                throw TLSFileError(role, path: path, .unwritable(reason: Self.reason(errno)))
            }
        }
        guard rename(temporaryPath, path) == 0 else {
            throw TLSFileError(role, path: path, .unwritable(reason: Self.reason(errno)))
        }
        isWritten = true
    }

    /// `strerror`'s text with a lower-case first letter, to read well inside parentheses.
    static func reason(_ error: Int32) -> String {
        let text = String(cString: strerror(error))
        guard let first = text.first else { return "error \(error)" }
        return first.lowercased() + text.dropFirst()
    }
}
