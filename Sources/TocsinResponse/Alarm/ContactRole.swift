/// What a contact is to the alarm chain: the on-call responder, management, an authority that receives notices, …
///
/// Targets name roles rather than people where they can, so a change of staff is a change of one contact.
public enum ContactRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Whoever is on call for security incidents.
    case onCall = "on_call"
    /// Management that decides on shutdowns, notices and money.
    case management
    /// The company's data protection officer (GDPR Art. 37–39).
    case dataProtectionOfficer = "data_protection_officer"
    /// The external incident-response firm under retainer.
    case incidentResponseRetainer = "incident_response_retainer"
    /// The Land police's central cybercrime office (ZAC).
    case policeCybercrime = "police_cybercrime"
    /// The joint BSI/BBK reporting office (BSIG §32).
    case securityAgency = "security_agency"
    /// The competent data protection authority (GDPR Art. 33).
    case dataProtectionAuthority = "data_protection_authority"
    /// The telematics infrastructure's operator, gematik (SGB V §329).
    case telematicsOperator = "telematics_operator"
    /// A customer (practice, insurer) affected by the incident.
    case customer

    /// Whether the role is an authority outside the company, whose notices carry legal weight.
    public var isAuthority: Bool {
        switch self {
        case .policeCybercrime, .securityAgency, .dataProtectionAuthority, .telematicsOperator: true
        default: false
        }
    }

    /// Whether a notice to this role should by default wait for a responder's approval: authorities and customers
    /// read what we send as a statement of the company, and it cannot be taken back.
    public var needsApprovalByDefault: Bool { isAuthority || self == .customer }
}
