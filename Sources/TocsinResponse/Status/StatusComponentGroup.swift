import TocsinCore

/// Components listed under one group heading.
public struct StatusComponentGroup: Sendable, Hashable, Codable {
    /// The group's name; `nil` for components that belong to no group.
    public var name: LocalizedText?
    /// The group's components, by position.
    public var components: [StatusComponent]

    /// Creates a group.
    public init(name: LocalizedText?, components: [StatusComponent]) {
        self.name = name
        self.components = components
    }

    /// The worst state among the group's components.
    public var impact: StatusImpact { StatusImpact.worst(of: components.map(\.status.impact)) }
}
