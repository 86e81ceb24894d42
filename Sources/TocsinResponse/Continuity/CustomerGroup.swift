import TocsinCore

/// A group of customers a service is for, such as the health insurers or the medical practices.
public struct CustomerGroup: Sendable, Hashable, Codable {
    /// A short stable id such as `praxen`, unique among customer groups.
    public var id: String
    /// The name people read.
    public var name: LocalizedText
    /// How many customers the group has (40,000 practices), when known.
    public var count: Int?

    /// Creates a customer group.
    public init(id: String, name: LocalizedText, count: Int? = nil) {
        self.id = id
        self.name = name
        self.count = count
    }
}
