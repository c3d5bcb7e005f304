import Foundation

/// The comparison form of nicks and room names: compatibility-normalised (NFKC) and
/// case-folded, so `Ana`, `ANA` and the full-width `Ａｎａ` are one name.
enum IdentifierKey {
    static func make(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping.lowercased()
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
