import Foundation

/// The system's openssl, to check our output against the tool a teacher would use.
enum OpenSSL {
    static let path = "/usr/bin/openssl"

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: Self.path)
    }

    /// What `openssl x509 -noout -fingerprint -sha256 -in FILE` prints after the `=`, e.g. `AB:CD:…`.
    static func fingerprint(ofCertificateAt file: String) throws -> String {
        let output = try Self.run(["x509", "-noout", "-fingerprint", "-sha256", "-in", file])
        guard let equals = output.firstIndex(of: "=") else { return output }
        return output[output.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
