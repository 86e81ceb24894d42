import TocsinCore

/// A command of the continuity desk that cannot be carried out, with the HTTP answer it becomes.
struct DeskError: Error, CustomStringConvertible {
    enum Kind {
        /// No such containment, service, incident or maintenance window.
        case notFound
        /// The request is malformed or names something invalid.
        case invalid
        /// The record's current state does not allow it (a transition refused, a blocker not restored).
        case conflict
        /// There is no service catalogue configured.
        case noCatalogue
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    var description: String { message }
}
