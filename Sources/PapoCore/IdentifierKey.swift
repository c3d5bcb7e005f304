import Foundation

/// The comparison form of nicks and room names: compatibility-normalised (NFKC) and
/// case-folded, so `Ana`, `ANA` and the full-width `Ａｎａ` are one name.
enum IdentifierKey {
    static func make(_ name: String) -> String {
        // ASCII (most nicks and rooms) is its own NFKC form: only upper case to fold, with no
        // trip through Foundation. IRC looks up a sender's nick for every line it encodes.
        let utf8 = name.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return name }
            return String(decoding: utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return name.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Letters, digits, `_` and `-`: the characters allowed in nicks and room names.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" || scalar == "-" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// The first character that may not appear in a name, if any.
    static func firstDisallowed(in name: String) -> Character? {
        for character in name where !character.unicodeScalars.allSatisfy(Self.isAllowed) {
            return character
        }
        return nil
    }
}
