import NIOCore
import NIOPosix
import PapoBenchCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run, confined to one event loop: the phases (connect, warm-up, send, drain), the
/// clients' states, and the ledger. Handlers call into it on that loop; nothing here locks.
final class LoadRun {
    enum Phase { case connecting, warmingUp, sending, draining, finished }
    enum ClientState { case idle, settingUp, joined, gone }

    /// The most a sender writes at once: chatload's cap on a sender's unsent output.
    static let maxBatchBytes = 64 * 1024
    /// How often the drain checks whether everything has arrived.
    static let drainPoll = TimeAmount.milliseconds(10)

    let options: LoadOptions
    /// One address per server, in the order of `options.ports`.
    let addresses: [SocketAddress]
    /// TLS for every client, when the run asked for it.
    let tls: LoadTLS?
    let eventLoop: any EventLoop
    let promise: EventLoopPromise<LoadReport>

    private(set) var phase = Phase.connecting
    var ledger: DeliveryLedger
    private var states: [ClientState]
    private var channels: [(any Channel)?]
    private var nextClient = 0
    private var settingUp = 0
    private var joinedCount = 0
    private var connectFailures = 0
    private var connectionErrors = 0

    private var startedAt: UInt64 = 0
    private var upAt: UInt64 = 0
    private var sendStart: UInt64 = 0
    private var sendEnd: UInt64 = 0
    private var drainDeadline: UInt64 = 0
    private var cpuAtSendStart = 0.0
    private var cpuAtSendEnd = 0.0
    private var serverCPUAtSendStart: [Double?] = []
    private var serverCPUAtSendEnd: [Double?] = []
    private var connectTimeout: Scheduled<Void>?

    /// Flat out: one pump per pass of the event loop, however many reads asked for one.
    private var isPumpScheduled = false
    private var batch: [UInt8] = []
    /// Messages handed to channels and not yet written to the kernel (or failed).
    private var messagesInFlight = 0

    /// Paced: the next slot of the global schedule, and each sender's messages of this tick.
    private var nextSlot: UInt64 = 0
    private var maxLag: UInt64 = 0
    private var pending: [[UInt8]]
    private var pendingCounts: [Int]
    private var touchedSenders: [Int] = []

    init(
        options: LoadOptions, addresses: [SocketAddress], tls: LoadTLS?, eventLoop: any EventLoop,
        promise: EventLoopPromise<LoadReport>
    ) {
        self.options = options
        self.addresses = addresses
        self.tls = tls
        self.eventLoop = eventLoop
        self.promise = promise
        self.ledger = DeliveryLedger(options: options)
        self.states = Array(repeating: .idle, count: options.clients)
        self.channels = Array(repeating: nil, count: options.clients)
        self.pending = options.isFlatOut ? [] : Array(repeating: [], count: options.senders)
        self.pendingCounts = options.isFlatOut ? [] : Array(repeating: 0, count: options.senders)
        self.batch.reserveCapacity(Self.maxBatchBytes + 256)
    }

    private var loop: NIOIsolatedEventLoop { self.eventLoop.assumeIsolated() }

    // MARK: Connecting

    func start() {
        self.startedAt = MonotonicClock.now
        self.connectTimeout = self.loop.scheduleTask(in: MonotonicClock.amount(self.options.connectTimeout)) {
            self.connectTimedOut()
        }
        self.openMore()
    }

    /// Opens connections while fewer than `parallelConnects` are setting up.
    private func openMore() {
        while self.phase == .connecting && self.nextClient < self.options.clients
            && self.settingUp < self.options.parallelConnects
        {
            let client = self.nextClient
            self.nextClient += 1
            self.open(client)
        }
        if self.phase == .connecting && self.nextClient == self.options.clients && self.settingUp == 0 {
            self.connectPhaseDone()
        }
    }

    private func open(_ client: Int) {
        self.states[client] = .settingUp
        self.settingUp += 1
        let run = NIOLoopBound(self, eventLoop: self.eventLoop)
        let room = self.options.room(ofClient: client)
        let tls = self.tls
        let wire = self.options.wire
        let node = self.options.node(ofClient: client)
        let host = "\(self.options.host):\(self.options.ports[node])"
        let bootstrap = ClientBootstrap(group: self.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            // Receivers get many small lines at once under fan-out; read them in few calls.
            .channelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 256 * 1024)
            )
            .connectTimeout(MonotonicClock.amount(self.options.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = LoadClientHandler(run: run.value, client: client, room: room, wire: wire)
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(tls.makeHandler())
                    }
                    if wire == .webSocket {
                        try channel.pipeline.syncOperations.addHandler(WebSocketLoadCodec(host: host))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        bootstrap.connect(to: self.addresses[node]).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                if self.states[client] == .gone {
                    channel.close(promise: nil)
                } else {
                    self.channels[client] = channel
                }
            case .failure:
                self.setUpFailed(client)
            }
        }
    }

    /// The server confirmed `client`'s join.
    func joined(_ client: Int, channel: any Channel) {
        guard self.states[client] == .settingUp else { return }
        self.states[client] = .joined
        self.channels[client] = channel
        self.ledger.markLive(client)
        self.settingUp -= 1
        self.joinedCount += 1
        self.openMore()
    }

    private func setUpFailed(_ client: Int) {
        guard self.states[client] == .settingUp else { return }
        self.states[client] = .gone
        self.settingUp -= 1
        self.connectFailures += 1
        self.openMore()
    }

    /// `client`'s connection closed.
    func closed(_ client: Int) {
        switch self.states[client] {
        case .settingUp:
            self.setUpFailed(client)
        case .joined:
            self.states[client] = .gone
            self.ledger.markGone(client)
            if self.phase != .finished { self.connectionErrors += 1 }
        case .idle, .gone:
            break
        }
    }

    private func connectTimedOut() {
        guard self.phase == .connecting else { return }
        for client in 0..<self.options.clients where self.states[client] == .idle || self.states[client] == .settingUp {
            self.states[client] = .gone
            self.connectFailures += 1
            self.channels[client]?.close(promise: nil)
        }
        self.settingUp = 0
        self.nextClient = self.options.clients
        self.connectPhaseDone()
    }

    private func connectPhaseDone() {
        guard self.phase == .connecting else { return }
        self.connectTimeout?.cancel()
        self.upAt = MonotonicClock.now
        guard self.joinedCount > 0 else {
            self.finish()
            return
        }
        self.phase = .warmingUp
        self.loop.scheduleTask(in: MonotonicClock.amount(self.options.warmup)) {
            self.startSending()
        }
    }

    // MARK: Sending

    private func startSending() {
        guard self.phase == .warmingUp else { return }
        self.phase = .sending
        self.sendStart = MonotonicClock.now
        self.sendEnd = self.sendStart + MonotonicClock.nanoseconds(self.options.duration)
        self.ledger.startSending(at: self.sendStart, until: self.sendEnd)
        self.cpuAtSendStart = ProcessResources.cpuSeconds
        self.serverCPUAtSendStart = self.options.serverProcessIDs.map(ProcessResources.cpuSeconds(ofProcess:))
        self.loop.scheduleTask(deadline: .uptimeNanoseconds(self.sendEnd)) {
            self.stopSending()
        }
        if self.options.senders == 0 { return }
        if self.options.isFlatOut {
            self.pump()
        } else {
            self.tick()
        }
    }

    /// A read finished somewhere: flat-out senders may have room in their windows again.
    func readCompleted() {
        self.schedulePump()
    }

    /// A sender's channel can take more again.
    func becameWritable() {
        self.schedulePump()
    }

    private func schedulePump() {
        guard self.phase == .sending, self.options.isFlatOut, !self.isPumpScheduled else { return }
        self.isPumpScheduled = true
        self.loop.execute { self.pump() }
    }

    /// Flat out: every sender that can takes messages up to its window, written in one go.
    private func pump() {
        self.isPumpScheduled = false
        guard self.phase == .sending else { return }
        let now = MonotonicClock.now
        var isBatchFull = false
        for sender in 0..<self.options.senders {
            let client = self.options.client(ofSender: sender)
            guard self.states[client] == .joined, let channel = self.channels[client], channel.isWritable else {
                continue
            }
            self.batch.removeAll(keepingCapacity: true)
            var count = 0
            while self.batch.count < Self.maxBatchBytes && self.ledger.mayQueue(sender: sender) {
                let token = self.ledger.nextToken(sender: sender, at: now)
                self.options.wire.appendMessage(token, payloadBytes: self.options.payloadBytes, to: &self.batch)
                count += 1
            }
            if count > 0 {
                self.write(self.batch, count: count, sender: sender, to: channel)
            }
            if self.batch.count >= Self.maxBatchBytes { isBatchFull = true }
        }
        if isBatchFull { self.schedulePump() }
    }

    /// Paced: the slots due by now, round-robin over the senders (chatload's schedule); a slot
    /// whose sender is gone or cannot take more is skipped.
    private func tick() {
        guard self.phase == .sending else { return }
        let now = MonotonicClock.now
        let totalRate = self.options.rate * Double(self.options.senders)
        let due = UInt64(Double(now - self.sendStart) / 1e9 * totalRate)
        while self.nextSlot < due {
            let scheduled = self.sendStart + UInt64(Double(self.nextSlot + 1) / totalRate * 1e9)
            if now > scheduled { self.maxLag = max(self.maxLag, now - scheduled) }
            let sender = Int(self.nextSlot % UInt64(self.options.senders))
            self.nextSlot += 1
            let client = self.options.client(ofSender: sender)
            guard self.states[client] == .joined, let channel = self.channels[client], channel.isWritable else {
                self.ledger.noteSkipped()
                continue
            }
            if self.pendingCounts[sender] == 0 { self.touchedSenders.append(sender) }
            let token = self.ledger.nextToken(sender: sender, at: now)
            self.options.wire.appendMessage(token, payloadBytes: self.options.payloadBytes, to: &self.pending[sender])
            self.pendingCounts[sender] += 1
        }
        for sender in self.touchedSenders {
            if let channel = self.channels[self.options.client(ofSender: sender)] {
                self.write(self.pending[sender], count: self.pendingCounts[sender], sender: sender, to: channel)
            }
            self.pending[sender].removeAll(keepingCapacity: true)
            self.pendingCounts[sender] = 0
        }
        self.touchedSenders.removeAll(keepingCapacity: true)
        let next = self.sendStart + UInt64(Double(self.nextSlot + 1) / totalRate * 1e9) + 1
        if next < self.sendEnd {
            self.loop.scheduleTask(deadline: .uptimeNanoseconds(next)) { self.tick() }
        }
    }

    /// One write and one flush for `count` messages; they are expected once written.
    private func write(_ bytes: [UInt8], count: Int, sender: Int, to channel: any Channel) {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        self.messagesInFlight += count
        let promise = self.eventLoop.makePromise(of: Void.self)
        promise.futureResult.assumeIsolated().whenComplete { result in
            self.messagesInFlight -= count
            if case .success = result {
                self.ledger.noteWritten(sender: sender, count: count)
            }
        }
        channel.writeAndFlush(buffer, promise: promise)
    }

    // MARK: Draining and reporting

    private func stopSending() {
        guard self.phase == .sending else { return }
        self.phase = .draining
        self.cpuAtSendEnd = ProcessResources.cpuSeconds
        self.serverCPUAtSendEnd = self.options.serverProcessIDs.map(ProcessResources.cpuSeconds(ofProcess:))
        self.drainDeadline = MonotonicClock.now + MonotonicClock.nanoseconds(self.options.drain)
        self.checkDrain()
    }

    /// Ends the drain once everything written has been delivered, or at its deadline.
    private func checkDrain() {
        guard self.phase == .draining else { return }
        let isComplete = self.messagesInFlight == 0 && self.ledger.deliveries >= self.ledger.expected
        if isComplete || MonotonicClock.now >= self.drainDeadline {
            self.finish()
        } else {
            self.loop.scheduleTask(in: Self.drainPoll) { self.checkDrain() }
        }
    }

    private func finish() {
        guard self.phase != .finished else { return }
        let wasSending = self.phase == .draining
        self.phase = .finished
        let now = MonotonicClock.now
        var report = LoadReport(
            ledger: self.ledger,
            connectionsUp: wasSending ? self.ledger.memberTotal : 0,
            connectFailures: self.connectFailures,
            connectionErrors: self.connectionErrors,
            setupSeconds: MonotonicClock.seconds(self.upAt - self.startedAt),
            sendSeconds: wasSending ? MonotonicClock.seconds(self.sendEnd - self.sendStart) : 0,
            drainSeconds: wasSending ? MonotonicClock.seconds(now - self.sendEnd) : 0,
            maxLagMilliseconds: Double(self.maxLag) / 1e6,
            generatorCPUSeconds: wasSending ? self.cpuAtSendEnd - self.cpuAtSendStart : 0)
        report.serverCPUSeconds = zip(self.serverCPUAtSendStart, self.serverCPUAtSendEnd).map { start, end in
            guard let start, let end else { return nil }
            return end - start
        }
        var closed: [EventLoopFuture<Void>] = []
        for case let channel? in self.channels {
            // A reset rather than a FIN: repeated runs leave no TIME_WAIT sockets behind.
            _ = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            closed.append(channel.close())
        }
        let promise = self.promise
        EventLoopFuture.andAllComplete(closed, on: self.eventLoop).assumeIsolated().whenComplete { _ in
            promise.succeed(report)
        }
    }
}
