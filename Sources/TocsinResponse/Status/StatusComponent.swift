import TocsinCore

/// A service customers use, as the public page shows it.
public struct StatusComponent: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier (also the `code` in affected-component lists).
    public var id: String
    /// The name customers know.
    public var name: LocalizedText
    /// The group the component is listed under, such as "Versicherte & Leistungserbringer".
    public var group: LocalizedText?
    /// A short explanation of what the component is.
    public var description: LocalizedText?
    /// The Statuspage state.
    public var status: ComponentStatus
    /// Why it is not operational, where that matters to customers.
    public var reason: ComponentReason?
    /// The order on the page, smallest first.
    public var position: Int
    /// What still works, or the workaround, while the component is not operational.
    public var fallbackNote: LocalizedText?

    /// Creates a component.
    public init(
        id: String, name: LocalizedText, group: LocalizedText? = nil, description: LocalizedText? = nil,
        status: ComponentStatus = .operational, reason: ComponentReason? = nil, position: Int,
        fallbackNote: LocalizedText? = nil
    ) {
        self.id = id
        self.name = name
        self.group = group
        self.description = description
        self.status = status
        self.reason = reason
        self.position = position
        self.fallbackNote = fallbackNote
    }

    /// The state the page shows.
    public var displayedState: DisplayedState { DisplayedState(status: status, reason: reason) }
}
