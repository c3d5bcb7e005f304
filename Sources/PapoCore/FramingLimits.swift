/// Byte limits on client input, enforced before anything near the claimed size is allocated.
public struct FramingLimits: Sendable, Equatable {
    public var maxFrameBytes: Int
    public var maxLineBytes: Int

    public init(maxFrameBytes: Int = 64 * 1024, maxLineBytes: Int = 8 * 1024) {
        self.maxFrameBytes = maxFrameBytes
        self.maxLineBytes = maxLineBytes
    }
}
