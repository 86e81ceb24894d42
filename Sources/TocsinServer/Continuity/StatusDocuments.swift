import Foundation
import TocsinResponse
import TocsinStore

/// How the continuity record's values are kept as status documents: one kind per value type, JSON bodies.
enum StatusDocuments {
    static let containment = "containment"
    static let recovery = "recovery"
    static let override = "component"
    static let incident = "incident"
    static let maintenance = "maintenance"

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ document: StatusDocument) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(type, from: Data(document.body.utf8))
        } catch {
            throw StoreError(.database, "status document \(document.kind)/\(document.id) cannot be read: \(error)")
        }
    }

    /// The whole record from its documents.
    static func state(from documents: [StatusDocument]) throws -> ContinuityState {
        var state = ContinuityState()
        for document in documents {
            switch document.kind {
            case containment: state.containments.append(try decode(ContainmentRecord.self, document))
            case recovery: state.recoveries[document.id] = try decode(RecoveryRecord.self, document)
            case override: state.overrides[document.id] = try decode(ComponentOverride.self, document)
            case incident: state.incidents.append(try decode(StatusIncident.self, document))
            case maintenance: state.maintenances.append(try decode(ScheduledMaintenance.self, document))
            default: continue
            }
        }
        state.containments.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        return state
    }

    static func write<T: Encodable>(_ kind: String, _ id: String, _ value: T) throws -> StatusDocumentWrite {
        StatusDocumentWrite(kind: kind, id: id, body: try encode(value))
    }

    /// The next free number for ids like `c-3` among `ids`.
    static func nextNumber(prefix: String, in ids: [String]) -> Int {
        (ids.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }.max() ?? 0) + 1
    }
}
