/// A growable stack of values in memory the parser owns, from which a run of values is *moved* into
/// an exactly sized array (no retain or release per element, no regrowth of the array).
///
/// It is a plain struct over an unsafe buffer: its owner (``JSONParser``, a non-copyable type)
/// calls ``free()`` exactly once, in its `deinit`, which also destroys values left by a parse error.
struct ParserStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of values on the stack.
    private(set) var count = 0

    init(capacity: Int) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    /// Pushes `value` (moved in).
    @inline(__always) mutating func push(_ value: consuming Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: value)
        count += 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }

    /// Moves the values from position `first` to the top into a new array, and pops them.
    mutating func take(from first: Int) -> [Element] {
        let taken = count - first
        let source = storage + first
        count = first
        // `reserveCapacity` + `append` rather than `Array(unsafeUninitializedCapacity:)`: the latter
        // allocates through an unspecialized standard library function that looks up the array's
        // generic metadata on every call (a quarter of the parse). Moving out costs no retain.
        var array: [Element] = []
        array.reserveCapacity(taken)
        for offset in 0..<taken { array.append((source + offset).move()) }
        return array
    }

    /// Destroys what is left and releases the memory; the stack must not be used afterwards.
    func free() {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}
