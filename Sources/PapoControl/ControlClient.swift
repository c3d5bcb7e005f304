import Foundation
import PapoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking client of papod's control socket, for papoctl: one request, one response line.
/// Blocking suits it: a command-line tool and a readline completion callback both wait anyway.
public final class ControlClient {
    private let descriptor: Int32
    private var buffered = Data()

    public init(path: String) throws(ControlClientError) {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .cannotConnect(path, Self.lastError()) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw .cannotConnect(path, "path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = Self.lastError()
            close(descriptor)
            throw .cannotConnect(path, reason)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(self.descriptor)
    }

    public func send(_ request: ControlRequest) throws(ControlClientError) -> ControlResponse {
        let line: Data
        do {
            line = try ControlCodec.encodeLine(request)
        } catch {
            throw .protocolError("cannot encode the request: \(error)")
        }
        let bytes = [UInt8](line)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(self.descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .connectionLost(Self.lastError()) }
            offset += written
        }
        var response = try self.readResponse()
        while response.more == true {
            response.append(try self.readResponse())
        }
        return response
    }

    private func readResponse() throws(ControlClientError) -> ControlResponse {
        let responseLine = try self.readLine()
        do {
            return try ControlCodec.decode(ControlResponse.self, from: responseLine)
        } catch {
            throw .protocolError("papod sent a response papoctl cannot read: \(error)")
        }
    }

    private func readLine() throws(ControlClientError) -> Data {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let newline = self.buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = self.buffered[self.buffered.startIndex..<newline]
                self.buffered = Data(self.buffered[self.buffered.index(after: newline)...])
                return Data(line)
            }
            guard self.buffered.count <= ControlCodec.maxLineBytes else { throw .protocolError("response too long") }
            let count = read(self.descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .connectionLost(count == 0 ? "papod closed the connection" : Self.lastError()) }
            self.buffered.append(contentsOf: chunk[0..<count])
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

public enum ControlClientError: Error, CustomStringConvertible {
    case cannotConnect(String, String)
    case connectionLost(String)
    case protocolError(String)

    /// In English, for logs and tests.
    public var description: String { self.rendered(in: .english) }

    /// What papoctl says, in the operator's language; the reasons are the system's own words.
    public func rendered(in language: Language) -> String {
        switch self {
        case .cannotConnect(let path, let reason):
            return Message(.controlCannotConnect, ["path": "\(path)", "reason": "\(reason)"]).rendered(in: language)
        case .connectionLost(let reason):
            return Message(.controlConnectionLost, ["reason": "\(reason)"]).rendered(in: language)
        case .protocolError(let reason):
            return reason
        }
    }
}
