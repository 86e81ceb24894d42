extension ContainmentTarget: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind
        case id
    }

    /// Decodes `{"kind": "data_centre", "id": "nord"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .id)
        switch try container.decode(String.self, forKey: .kind) {
        case "system": self = .system(id)
        case "data_centre": self = .dataCentre(id)
        case "service": self = .service(id)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown containment target kind '\(other)'; use system, data_centre or service")
        }
    }

    /// Encodes `{"kind": "data_centre", "id": "nord"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(id, forKey: .id)
    }
}
