import Testing

@testable import LineEditor

@Suite struct HistoryPolicyTests {
    let policy = HistoryPolicy()

    @Test func defaultsKeepAThousandLinesAndHideLogins() {
        #expect(self.policy.maxEntries == 1000)
        #expect(self.policy.secretPrefixes == ["/login", "login"])
    }

    @Test func ordinaryLinesAreStored() {
        #expect(self.policy.shouldStore("/join #lobby", previous: nil))
        #expect(self.policy.shouldStore("hello there", previous: "/join #lobby"))
    }

    @Test(arguments: ["", " ", "   ", "\t", " \t "])
    func blankLinesAreNotStored(line: String) {
        #expect(!self.policy.shouldStore(line, previous: nil))
    }

    @Test func aLeadingSpaceKeepsALineOutOfHistory() {
        #expect(!self.policy.shouldStore(" my secret thought", previous: nil))
    }

    @Test func aRepeatOfThePreviousEntryIsNotStored() {
        #expect(!self.policy.shouldStore("/who", previous: "/who"))
        #expect(self.policy.shouldStore("/who", previous: "/list"))
        #expect(self.policy.shouldStore("/who", previous: "/WHO"))
    }

    @Test(arguments: ["/login ana hunter2", "login ana hunter2", "/LOGIN ana pw", "Login\tana pw", "/login", "login"])
    func loginLinesAreNeverStored(line: String) {
        #expect(!self.policy.shouldStore(line, previous: nil))
    }

    @Test(arguments: ["/loginx ana", "loginator", "/logout", "//login ana", "say login ana", "log in"])
    func linesThatOnlyResembleALoginAreStored(line: String) {
        #expect(self.policy.shouldStore(line, previous: nil))
    }

    @Test func customSecretPrefixesReplaceTheDefaults() {
        let policy = HistoryPolicy(maxEntries: 5, secretPrefixes: ["/oper"])
        #expect(!policy.shouldStore("/OPER root pw", previous: nil))
        #expect(policy.shouldStore("/login ana pw", previous: nil))
    }

    @Test func anAbsoluteStateHomeIsUsed() {
        let path = HistoryPolicy.defaultPath(
            fileName: "papod_history",
            environment: ["XDG_STATE_HOME": "/var/state/", "HOME": "/home/ana"]
        )
        #expect(path == "/var/state/papo/papod_history")
    }

    @Test func aRelativeStateHomeIsIgnored() {
        let path = HistoryPolicy.defaultPath(
            fileName: "papo_history",
            environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ana"]
        )
        #expect(path == "/home/ana/.local/state/papo/papo_history")
    }

    @Test func withoutStateHomeTheHomeDirectoryIsUsed() {
        let path = HistoryPolicy.defaultPath(fileName: "h", environment: ["HOME": "/home/ana/"])
        #expect(path == "/home/ana/.local/state/papo/h")
        #expect(
            HistoryPolicy.defaultPath(fileName: "h", environment: ["XDG_STATE_HOME": "", "HOME": "/root"])
                == "/root/.local/state/papo/h"
        )
    }

    @Test func withoutHomeThePathIsRelativeToTheWorkingDirectory() {
        #expect(HistoryPolicy.defaultPath(fileName: "h", environment: [:]) == ".local/state/papo/h")
    }
}
