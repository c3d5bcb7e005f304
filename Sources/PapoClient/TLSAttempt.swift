import NIOConcurrencyHelpers

/// One connection's handshake as the certificate check saw it, shared between the check (off
/// the event loop, since it may wait for the user) and the connection that awaits the handshake.
final class TLSAttempt: Sendable {
    private struct State {
        var refusal: ServerTrustRefusal?
        var isAsking = false
    }

    private let state = NIOLockedValueBox(State())

    /// Why the certificate was refused, once it was: the handshake itself only fails with
    /// BoringSSL's generic "certificate verify failed".
    var refusal: ServerTrustRefusal? {
        get { self.state.withLockedValue { $0.refusal } }
        set { self.state.withLockedValue { $0.refusal = newValue } }
    }

    /// Whether the user is being asked: the handshake timeout waits as long as the user does.
    var isAsking: Bool {
        get { self.state.withLockedValue { $0.isAsking } }
        set { self.state.withLockedValue { $0.isAsking = newValue } }
    }
}
