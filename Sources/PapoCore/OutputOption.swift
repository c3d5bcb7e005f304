/// `--output FILE` on an operator command line: papoctl (or papod's console) writes the
/// command's document (an export) to FILE itself, so it is taken off the line papod runs.
public enum OutputOption {
    /// The line without `--output FILE` (or `--output=FILE`), and FILE. FILE is one word.
    public static func split(_ line: String) -> (command: String, path: String?) {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        var path: String?
        var index = 0
        while index < words.count {
            if words[index] == "--output" && index + 1 < words.count {
                path = words[index + 1]
                words.removeSubrange(index...(index + 1))
            } else if words[index].hasPrefix("--output=") && words[index].count > "--output=".count {
                path = String(words[index].dropFirst("--output=".count))
                words.remove(at: index)
            } else {
                index += 1
            }
        }
        return path == nil ? (line, nil) : (words.joined(separator: " "), path)
    }
}
