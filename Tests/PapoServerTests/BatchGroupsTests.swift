import NIOCore
import PapoCore
import Testing

@testable import PapoServer

@Suite("Batch groups")
struct BatchGroupsTests {
    static func line(_ text: String) -> EncodedLine {
        EncodedLine(.notice(text))
    }

    /// The texts of `group`'s lines, in order.
    static func texts(_ groups: BatchGroups, _ group: UInt16) -> [String] {
        groups.runs(of: group).flatMap { run in groups.lines(ofRun: run).map { String(buffer: groups.lines[$0].bytes) } }
    }

    static func addRun(_ groups: inout BatchGroups, _ texts: [String]) -> BatchGroups.Run {
        groups.beginRun()
        for text in texts { groups.append(Self.line(text)) }
        return groups.endRun()
    }

    @Test("connections sent the same runs share a group; a sender left out of its own run gets another")
    func sameLinesSameGroup() {
        var groups = BatchGroups()
        var group: [String: UInt16] = ["ana": BatchGroups.empty, "bob": BatchGroups.empty, "cris": BatchGroups.empty]
        // ana says 1 and 2 (to bob and cris), bob says x (to ana and cris), ana says 3.
        let runs: [([String], [String])] = [(["1", "2"], ["bob", "cris"]), (["x"], ["ana", "cris"]), (["3"], ["bob", "cris"])]
        for (texts, recipients) in runs {
            let run = Self.addRun(&groups, texts)
            for nick in recipients {
                group[nick] = groups.moving(from: group[nick]!, with: run)
            }
        }
        #expect(Self.texts(groups, group["cris"]!) == ["-!- 1\n", "-!- 2\n", "-!- x\n", "-!- 3\n"])
        #expect(Self.texts(groups, group["bob"]!) == ["-!- 1\n", "-!- 2\n", "-!- 3\n"])
        #expect(Self.texts(groups, group["ana"]!) == ["-!- x\n"])
        #expect(Set(group.values).count == 3)
        #expect(groups.memberCount(of: group["cris"]!) == 1)
        #expect(groups.lines.count == 4)
    }

    @Test("every recipient of a run that was in one group moves to one group")
    func membersMoveTogether() {
        var groups = BatchGroups()
        var members = Array(repeating: BatchGroups.empty, count: 10)
        for round in 0..<5 {
            let run = Self.addRun(&groups, ["\(round)"])
            for index in members.indices {
                members[index] = groups.moving(from: members[index], with: run)
            }
        }
        #expect(Set(members).count == 1)
        #expect(groups.memberCount(of: members[0]) == 10)
        #expect(Self.texts(groups, members[0]).count == 5)
        groups.leave(members[0])
        #expect(groups.memberCount(of: members[0]) == 9)
    }

    @Test("reset forgets the drain's lines and groups")
    func reset() {
        var groups = BatchGroups()
        let run = Self.addRun(&groups, ["a"])
        let first = groups.moving(from: BatchGroups.empty, with: run)
        groups.reset()
        #expect(groups.lines.isEmpty)
        let again = Self.addRun(&groups, ["b"])
        let second = groups.moving(from: BatchGroups.empty, with: again)
        #expect(second == first)
        #expect(Self.texts(groups, second) == ["-!- b\n"])
        #expect(groups.hasRoom(for: 1000))
        #expect(!groups.hasRoom(for: BatchGroups.capacity))
    }
}
