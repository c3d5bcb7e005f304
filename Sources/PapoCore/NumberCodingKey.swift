/// A dictionary key that is a number (`ClientID`, `NodeNumber`), written as its decimal text.
/// A dictionary so keyed encodes as an object, which `.sortedKeys` writes in one order,
/// rather than as a list of keys and values in whatever order the dictionary holds them: two
/// equal states then encode to equal bytes.
struct NumberCodingKey: CodingKey {
    let number: UInt64

    init(_ number: UInt64) {
        self.number = number
    }

    init?(stringValue: String) {
        guard let number = UInt64(stringValue) else { return nil }
        self.number = number
    }

    init?(intValue: Int) {
        guard let number = UInt64(exactly: intValue) else { return nil }
        self.number = number
    }

    var stringValue: String { String(self.number) }
    var intValue: Int? { nil }
}
