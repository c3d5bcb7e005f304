import PapoClient
import PapoTLS
import Testing

@Suite("ServerTrust")
struct ServerTrustTests {
    static let old = CertificateFingerprint(certificateDER: [1, 2, 3])
    static let new = CertificateFingerprint(certificateDER: [4, 5, 6])

    private func decide(
        verified: Bool = false, pinned: CertificateFingerprint? = nil, known: CertificateFingerprint? = nil
    ) -> ServerTrust.Decision {
        ServerTrust(
            server: "school.example:5051", presented: Self.new, isVerifiedByAuthority: verified, pinned: pinned,
            known: known
        ).decision
    }

    @Test("a pinned fingerprint that matches is accepted, whatever is known or verified")
    func pinMatches() {
        #expect(self.decide(pinned: Self.new) == .accept(.pinned))
        #expect(self.decide(verified: true, pinned: Self.new, known: Self.old) == .accept(.pinned))
    }

    @Test("a pinned fingerprint that does not match is refused, even for a CA-verified chain")
    func pinMismatch() {
        let refused = ServerTrust.Decision.refuse(.pinMismatch(pinned: Self.old, presented: Self.new))
        #expect(self.decide(pinned: Self.old) == refused)
        #expect(self.decide(verified: true, pinned: Self.old, known: Self.new) == refused)
    }

    @Test("a chain a certificate authority verifies is accepted without asking, even if another is known")
    func certificateAuthority() {
        #expect(self.decide(verified: true) == .accept(.certificateAuthority))
        #expect(self.decide(verified: true, known: Self.old) == .accept(.certificateAuthority))
    }

    @Test("the remembered fingerprint is accepted without asking")
    func known() {
        #expect(self.decide(known: Self.new) == .accept(.known))
    }

    @Test("a different fingerprint for a known server is refused, never asked")
    func changed() {
        #expect(self.decide(known: Self.old) == .refuse(.changed(known: Self.old, presented: Self.new)))
    }

    @Test("a server never seen is asked about")
    func unknown() {
        #expect(self.decide() == .ask)
    }
}

@Suite("ServerTrustRefusal")
struct ServerTrustRefusalTests {
    static let old = ServerTrustTests.old
    static let new = ServerTrustTests.new

    @Test("a changed certificate gets ssh's warning: both fingerprints, how to check, how to forget")
    func changedWarning() {
        let refusal = ServerTrustRefusal(
            server: "school.example:5051", reason: .changed(known: Self.old, presented: Self.new),
            knownServersPath: "/home/ana/.local/state/papo/known_servers")
        let text = refusal.description
        #expect(refusal.warning.contains("@    WARNING: REMOTE SERVER IDENTIFICATION HAS CHANGED!     @"))
        #expect(text.contains("    \(Self.old)\nbut the server now presents\n    \(Self.new)"))
        #expect(text.contains("papoctl tls"))
        #expect(text.contains("    papo --forget-server school.example:5051"))
        #expect(text.contains("    school.example:5051 \(Self.old)"))
        #expect(text.contains("/home/ana/.local/state/papo/known_servers"))
        #expect(text.hasSuffix("\npapo: the certificate of school.example:5051 has changed; connection refused"))
    }

    @Test(
        "every other refusal is one line",
        arguments: [
            ServerTrustRefusal.Reason.pinMismatch(pinned: old, presented: new), .declined(presented: new),
            .cannotAsk(presented: new), .noCertificate, .knownServersUnreadable("cannot read x: Permission denied"),
        ])
    func oneLine(_ reason: ServerTrustRefusal.Reason) {
        let refusal = ServerTrustRefusal(server: "h:5051", reason: reason, knownServersPath: "/k")
        #expect(refusal.warning.isEmpty)
        #expect(!refusal.description.contains("\n"))
        #expect(refusal.description.hasPrefix("papo: "))
    }

    @Test("without a terminal, the refusal says to pin the fingerprint with --tls-fingerprint")
    func cannotAsk() {
        let refusal = ServerTrustRefusal(
            server: "h:5051", reason: .cannotAsk(presented: Self.new), knownServersPath: "/k")
        #expect(refusal.summary.contains("--tls-fingerprint \(Self.new)"))
    }
}
