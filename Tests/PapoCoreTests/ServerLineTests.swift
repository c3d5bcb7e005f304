import Testing

@testable import PapoCore

@Suite("ServerLine")
struct ServerLineTests {
    @Test(
        "Each kind of line renders with its stable prefix",
        arguments: [
            (ServerLine.chat(from: "ana", text: "oi", room: "#lobby"), "<ana> oi"),
            (.action(from: "ana", text: "waves", room: "#lobby"), "* ana waves"),
            (.privateMessage(from: "ana", text: "hi"), "*ana* hi"),
            (.privateEcho(to: "bob", text: "hi"), "-> *bob* hi"),
            (.notice("guest-1 joined #lobby"), "-!- guest-1 joined #lobby"),
            (.error("no such nick: zed"), "-!- error: no such nick: zed"),
        ]
    )
    func rendered(line: ServerLine, text: String) {
        #expect(line.rendered == text)
    }
}
