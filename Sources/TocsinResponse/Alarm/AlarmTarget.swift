/// Whom a tier or a notice reaches: one contact by id, or every contact holding a role.
public enum AlarmTarget: Sendable, Hashable {
    /// The contact with this id.
    case contact(String)
    /// Every contact that holds the role, in configuration order.
    case role(ContactRole)
}

extension AlarmTarget: CustomStringConvertible {
    /// `contact 'soc'` or `role 'on_call'`, as diagnostics name it.
    public var description: String {
        switch self {
        case .contact(let id): "contact '\(id)'"
        case .role(let role): "role '\(role.rawValue)'"
        }
    }
}

extension AlarmTarget: Codable {
    private enum CodingKeys: String, CodingKey {
        case contact
        case role
    }

    /// Decodes `{"contact": "soc"}` or `{"role": "on_call"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try container.decodeIfPresent(String.self, forKey: .contact) {
            self = .contact(id)
        } else if let role = try container.decodeIfPresent(ContactRole.self, forKey: .role) {
            self = .role(role)
        } else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "a target needs 'contact' or 'role'"))
        }
    }

    /// Encodes `{"contact": "soc"}` or `{"role": "on_call"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .contact(let id): try container.encode(id, forKey: .contact)
        case .role(let role): try container.encode(role, forKey: .role)
        }
    }
}
