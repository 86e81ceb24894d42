/// The fields the loaded rules read: each distinct list of candidate paths is one slot.
///
/// The event scanner keeps only the values at these paths; everything else in an event is skipped unread.
public struct FieldLayout: Sendable {
    /// The slot that stands for "every value of the event" (field-less keyword searches).
    public static let keywordSlot = 0

    /// Path texts, indexed by path id.
    public private(set) var paths: [String] = []
    /// For each slot, the path ids tried in order (the first present wins).
    public private(set) var slots: [[Int]] = [[]]
    private var pathIndex: [String: Int] = [:]
    private var slotIndex: [[String]: Int] = [:]

    /// Creates a layout with only the keyword slot.
    public init() {}

    /// The slot for a field looked up at `candidatePaths`, created on first use.
    public mutating func slot(for candidatePaths: [String]) -> Int {
        if let slot = slotIndex[candidatePaths] { return slot }
        var ids: [Int] = []
        for path in candidatePaths {
            if let id = pathIndex[path] {
                ids.append(id)
            } else {
                pathIndex[path] = paths.count
                ids.append(paths.count)
                paths.append(path)
            }
        }
        slots.append(ids)
        slotIndex[candidatePaths] = slots.count - 1
        return slots.count - 1
    }

    /// The number of slots, the keyword slot included.
    public var slotCount: Int { slots.count }
}
