import ServiceLifecycle

/// Keeps the store's writer running for the life of papod and, at graceful shutdown, writes
/// what is queued. Listed first in the service group, it stops last: after the chat service
/// has said goodbye to everyone.
public struct StoreService: Service {
    public let store: any PersistentStore

    public init(store: any PersistentStore) {
        self.store = store
    }

    public func run() async {
        try? await gracefulShutdown()
        self.store.close()
    }
}
