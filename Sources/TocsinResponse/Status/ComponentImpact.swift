/// A component's state as one incident update recorded it.
public struct ComponentImpact: Sendable, Hashable, Codable {
    /// The component's identifier.
    public var componentID: String
    /// Its state at the time of the update.
    public var status: ComponentStatus
    /// Why, where that matters.
    public var reason: ComponentReason?

    /// Records `status` (and `reason`) for the component `componentID`.
    public init(componentID: String, status: ComponentStatus, reason: ComponentReason? = nil) {
        self.componentID = componentID
        self.status = status
        self.reason = reason
    }

    /// The state the page shows for this record.
    public var displayedState: DisplayedState { DisplayedState(status: status, reason: reason) }
}
