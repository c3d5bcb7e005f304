import Foundation

/// A payload in the shape the assignment's reference client sends:
/// `"\nNAME enviou: MSG\nDigite sua mensagem:"`. NAME may also come in angle brackets.
public struct SeedMessage: Equatable, Sendable {
    static let separator = " enviou: "
    static let trailer = "Digite sua mensagem:"

    public let name: String
    public let text: String

    public init?(payload: String) {
        var body = Substring(payload)
        guard body.first == "\n" else { return nil }
        body = body.dropFirst()
        // `"\r\n"` is one Character, equal to neither `"\r"` nor `"\n"`.
        while let last = body.last, last == " " || last == "\r" || last == "\n" || last == "\r\n" {
            body = body.dropLast()
        }
        guard body.hasSuffix("\n" + Self.trailer) else { return nil }
        body = body.dropLast(Self.trailer.count + 1)
        guard let separator = body.range(of: Self.separator) else { return nil }
        var name = body[..<separator.lowerBound]
        if name.hasPrefix("<") && name.hasSuffix(">") && name.count >= 2 {
            name = name.dropFirst().dropLast()
        }
        guard !name.isEmpty, !name.contains("\n") else { return nil }
        self.name = String(name)
        self.text = String(body[separator.upperBound...])
    }
}
