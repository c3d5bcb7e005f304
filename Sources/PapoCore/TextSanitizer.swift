/// Removes what could repaint another user's terminal from text that others will see.
///
/// Dropped: C0 controls except tab, DEL, C1 controls (so every ANSI escape sequence loses its
/// ESC or CSI and prints as harmless text), the Unicode line and paragraph separators,
/// which some terminals treat as newlines, and the bidirectional overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069), which make what follows them read backwards: a line could
/// otherwise show another nick as its author, or a link as another.
public enum TextSanitizer {
    public static func clean(_ text: String) -> String {
        // Fast path: most chat is printable ASCII and passes through untouched.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }) {
            return text
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !Self.isRemoved(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A character rendered for an error message: printable as itself, otherwise as `U+XXXX`.
    public static func visible(_ character: Character) -> String {
        if character.unicodeScalars.contains(where: { Self.isRemoved($0) || $0 == " " || $0 == "\t" }) {
            return character.unicodeScalars
                .map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
                .joined(separator: " ")
        }
        return "'\(character)'"
    }

    /// Text cut to at most `limit` characters, for echoing user input back in errors.
    public static func preview(_ text: String, limit: Int = 40) -> String {
        let cleaned = Self.clean(text)
        return cleaned.count <= limit ? cleaned : String(cleaned.prefix(limit)) + "…"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
