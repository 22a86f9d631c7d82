import SwitchboardCore
import Testing

/// The project's one lock: exclusive access across threads, values and errors passed through.
@Suite("Locked")
struct LockedTests {
    @Test("increments from many concurrent tasks are none of them lost")
    func concurrentIncrements() async {
        let counter = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 {
                        counter.withLock { value in
                            let read = value
                            value = read + 1
                        }
                    }
                }
            }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test("returns the closure's result and rethrows its typed error, keeping changes made before the throw")
    func resultsAndErrors() {
        struct Refused: Error, Equatable {}
        let names = Locked(["a"])
        #expect(names.withLock { $0.count } == 1)
        #expect(throws: Refused()) {
            try names.withLock { (names: inout [String]) throws(Refused) in
                names.append("b")
                throw Refused()
            }
        }
        #expect(names.withLock { $0 } == ["a", "b"])
    }

    @Test("guards a noncopyable value")
    func noncopyable() {
        struct Token: ~Copyable { var uses = 0 }
        let token = Locked(Token())
        token.withLock { $0.uses += 1 }
        #expect(token.withLock { $0.uses } == 1)
    }
}
