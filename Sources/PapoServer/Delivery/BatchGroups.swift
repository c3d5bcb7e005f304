/// A drain's lines, and which of them each connection is sent, grouped so that connections sent
/// the very same lines share one batch.
///
/// In a busy room nearly every member is sent every line of a drain (a sender is not sent its
/// own), so the drain needs a few distinct batches, not one per member: each is joined once and
/// its bytes shared, instead of being copied into every member's buffer (the largest cost in
/// user space of a fan-out). A group is a node of a tree: the root is "nothing yet", and a run
/// of lines moves each of its recipients from its group to that group's child for the run,
/// made the first time one of them moves. A group's lines are those of the runs on its path.
struct BatchGroups {
    /// A connection with nothing yet in this drain.
    static let empty: UInt16 = 0
    /// At most this many groups at a time (a connection keeps its group in 16 bits).
    static let capacity = Int(UInt16.max)

    private struct Node {
        let parent: UInt16
        /// The run that made this node.
        let run: Int32
        /// The run whose recipients last moved on from this node, and where to: every recipient
        /// of one run that is in this group moves to the same child.
        var lastRun: Int32 = -1
        var lastChild: UInt16 = 0
        /// Connections whose group this is.
        var members: Int32 = 0
    }

    /// The drain's lines so far, in order.
    private(set) var lines: [EncodedLine] = []
    private var nodes: [Node] = [Node(parent: 0, run: -1)]
    /// Where each run's lines are in `lines`, by run number.
    private var runLines: [Range<Int32>] = []
    private var runStart: Int32 = 0

    /// Whether `recipients` more connections could each need a new group.
    func hasRoom(for recipients: Int) -> Bool {
        self.nodes.count + recipients < Self.capacity
    }

    /// Starts a run: the lines appended until `endRun` have the same recipients.
    mutating func beginRun() {
        self.runStart = Int32(self.lines.count)
    }

    mutating func append(_ line: EncodedLine) {
        self.lines.append(line)
    }

    /// Ends the run begun last; returns it for `moving`.
    mutating func endRun() -> Run {
        self.runLines.append(self.runStart..<Int32(self.lines.count))
        return Run(number: Int32(self.runLines.count - 1))
    }

    struct Run {
        fileprivate let number: Int32
    }

    /// The group of a connection that was in `group` and is a recipient of `run`.
    mutating func moving(from group: UInt16, with run: Run) -> UInt16 {
        let from = Int(group)
        let child: UInt16
        if self.nodes[from].lastRun == run.number {
            child = self.nodes[from].lastChild
        } else {
            child = UInt16(self.nodes.count)
            self.nodes.append(Node(parent: group, run: run.number))
            self.nodes[from].lastRun = run.number
            self.nodes[from].lastChild = child
        }
        if group != Self.empty { self.nodes[from].members -= 1 }
        self.nodes[Int(child)].members += 1
        return child
    }

    /// A connection of `group` leaves it (its lines are taken apart from the others').
    mutating func leave(_ group: UInt16) {
        guard group != Self.empty else { return }
        self.nodes[Int(group)].members -= 1
    }

    /// How many connections are in `group`.
    func memberCount(of group: UInt16) -> Int {
        Int(self.nodes[Int(group)].members)
    }

    /// The runs of `group`'s lines, in order, by number (the lines are not copied: each holds
    /// several buffers, and copying one retains them all).
    func runs(of group: UInt16) -> [Int] {
        var runs: [Int] = []
        var node = Int(group)
        while node != Int(Self.empty) {
            runs.append(Int(self.nodes[node].run))
            node = Int(self.nodes[node].parent)
        }
        runs.reverse()
        return runs
    }

    /// Where run `run`'s lines are in `lines`.
    func lines(ofRun run: Int) -> Range<Int> {
        Int(self.runLines[run].lowerBound)..<Int(self.runLines[run].upperBound)
    }

    /// Forgets everything, keeping the memory for the next drain.
    mutating func reset() {
        self.lines.removeAll(keepingCapacity: true)
        self.nodes.removeSubrange(1...)
        self.nodes[0].lastRun = -1
        self.runLines.removeAll(keepingCapacity: true)
    }
}
