/// Something responders take offline to contain an attack: a system, a whole data centre, or a service.
public enum ContainmentTarget: Sendable, Hashable, Comparable {
    /// A system switched off or isolated.
    case system(String)
    /// A data centre cut off: every system in it goes offline.
    case dataCentre(String)
    /// A service switched off directly, while its systems may still run.
    case service(String)

    /// The id of the system, data centre or service.
    public var id: String {
        switch self {
        case .system(let id), .dataCentre(let id), .service(let id): id
        }
    }

    /// `system`, `data_centre` or `service`, as the JSON API spells the kind.
    public var kind: String {
        switch self {
        case .system: "system"
        case .dataCentre: "data_centre"
        case .service: "service"
        }
    }

    /// Data centres, then systems, then services; by id within a kind.
    public static func < (lhs: ContainmentTarget, rhs: ContainmentTarget) -> Bool {
        func rank(_ target: ContainmentTarget) -> Int {
            switch target {
            case .dataCentre: 0
            case .system: 1
            case .service: 2
            }
        }
        return (rank(lhs), lhs.id) < (rank(rhs), rhs.id)
    }
}
