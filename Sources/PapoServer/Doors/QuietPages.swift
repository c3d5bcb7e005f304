/// A TLS connection's mapped buffers (NIOSSL's plaintext and record buffers), handed back to
/// the system while the connection is quiet.
///
/// Between reads NIOSSL keeps its 32 KiB plaintext buffer with no bytes in it, and once the
/// socket has taken every record its 16 KiB record buffer holds only spent bytes; yet the
/// pages a handshake or a line touched stay resident, 8 KiB of an idle connection's memory.
/// Its loop's writer releases them once the connection has been quiet for a whole tick,
/// nothing is waiting to be sent, and its handler holds no unfinished message (which may lie
/// in NIOSSL's buffer). The next line faults fresh zeroed pages in. Only the connection's loop
/// touches this object.
final class QuietPages {
    let mappings: MappedBufferAllocator.OwnedMappings
    /// Read or written since its loop last looked.
    private(set) var isBusy = true
    /// Released, and untouched since.
    private(set) var isReleased = false
    /// Whether the connection's handler keeps received bytes of an unfinished message.
    var holdsInput = false

    init(_ mappings: MappedBufferAllocator.OwnedMappings) {
        self.mappings = mappings
    }

    /// The connection read or wrote: its buffers are in use again.
    func noteActivity() {
        self.isBusy = true
        self.isReleased = false
    }

    /// The loop's tick: releases the pages if the connection has been quiet since the last
    /// tick and `isIdle` (nothing waits to be sent). Returns whether it did.
    func releaseIfQuiet(isIdle: () -> Bool) -> Bool {
        if self.isBusy {
            self.isBusy = false
            return false
        }
        guard !self.isReleased, !self.holdsInput, isIdle() else { return false }
        self.isReleased = true
        MappedBufferAllocator.release(self.mappings)
        return true
    }
}

@available(*, unavailable)
extension QuietPages: Sendable {}
