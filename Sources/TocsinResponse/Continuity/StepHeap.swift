/// A binary min-heap of plan candidates, so choosing the next step costs a logarithm, not a scan.
struct StepHeap {
    /// A candidate's ordering key: priority, then systems before services, then id.
    struct Key: Comparable {
        var priority: Int
        var rank: Int
        var id: String
        var node: Int

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.priority, lhs.rank, lhs.id, lhs.node) < (rhs.priority, rhs.rank, rhs.id, rhs.node)
        }
    }

    private var items: [Key] = []

    mutating func push(_ key: Key) {
        items.append(key)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Key? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
