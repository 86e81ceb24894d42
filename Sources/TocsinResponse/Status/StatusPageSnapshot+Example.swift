import Foundation
import TocsinCore

extension StatusPageSnapshot {
    /// A page during an attack on a fictitious insurer-IT provider, with every time relative to `now`: eAU reception
    /// switched off as a precaution, ePA access in emergency operation, KIM down, the statistics transmission under
    /// maintenance, a step back to regular operation scheduled, and a resolved incident and a completed
    /// maintenance in the history. For demos and tests; the wording is ours.
    public static func example(now: Date) -> StatusPageSnapshot {
        StatusPageSnapshot(
            organisation: StatusPageSettings.example.organisation,
            title: LocalizedText(de: "Statusseite der Beispiel Kassen-IT", en: "Beispiel Kassen-IT status page"),
            generatedAt: now, version: 17, components: exampleComponents,
            incidents: [exampleAttack(now: now), exampleResolvedIncident(now: now)],
            maintenances: exampleMaintenances(now: now))
    }

    private static let insured = LocalizedText(
        de: "Versicherte & Leistungserbringer", en: "Insured persons & care providers")
    private static let insurance = LocalizedText(de: "Kassen-Fachverfahren", en: "Insurance procedures")
    private static let operations = LocalizedText(de: "Betrieb", en: "Operations")

    private static let exampleComponents: [StatusComponent] = [
        StatusComponent(
            id: "eau", name: LocalizedText(de: "eAU-Empfang", en: "eAU reception (electronic sick notes)"),
            group: insured, status: .partialOutage, reason: .securityPrecaution, position: 1,
            fallbackNote: LocalizedText(
                de: "Praxen können eAUs weiter senden. Die Meldungen werden zwischengespeichert und nachverarbeitet; "
                    + "es geht keine verloren.",
                en: "Practices can keep sending eAUs. They are queued and processed later; none are lost.")),
        StatusComponent(
            id: "epa", name: LocalizedText(de: "ePA-Zugang", en: "ePA access (electronic patient record)"),
            group: insured, status: .degradedPerformance, reason: .fallbackActive, position: 2,
            fallbackNote: LocalizedText(
                de: "Lesen ist möglich. Neue Dokumente werden angenommen und mit Verzögerung eingestellt.",
                en: "Reading works. New documents are accepted and filed with a delay.")),
        StatusComponent(
            id: "kim", name: LocalizedText(de: "KIM-Postfächer", en: "KIM mailboxes"), group: insured,
            status: .majorOutage, position: 3,
            fallbackNote: LocalizedText(
                de: "Dringende Unterlagen bitte per Fax an 0800 000 9999.",
                en: "Please send urgent documents by fax to 0800 000 9999.")),
        StatusComponent(
            id: "portal", name: LocalizedText(de: "Mitgliederportal und App", en: "Member portal and app"),
            group: insured, status: .operational, position: 4),
        StatusComponent(
            id: "core", name: LocalizedText(de: "Kernsystem der Krankenkassen", en: "Health insurers' core system"),
            group: insurance, status: .operational, position: 10),
        StatusComponent(
            id: "statistics", name: LocalizedText(de: "Statistikmeldungen", en: "Statistics transmission"),
            group: insurance,
            description: LocalizedText(de: "Monatliche Statistiken (KM1, KV45)", en: "Monthly statistics (KM1, KV45)"),
            status: .underMaintenance, position: 11),
        StatusComponent(
            id: "payments", name: LocalizedText(de: "Zahlstellenverfahren", en: "Payment-centre procedure"),
            group: insurance, status: .operational, position: 12),
        StatusComponent(
            id: "mail", name: LocalizedText(de: "E-Mail der Kundenbereiche", en: "E-mail of the customer units"),
            group: operations, status: .majorOutage, reason: .securityPrecaution, position: 20,
            fallbackNote: LocalizedText(de: "Telefonisch sind wir erreichbar.", en: "You can reach us by phone.")),
        StatusComponent(
            id: "phone", name: LocalizedText(de: "Telefon-Hotline", en: "Telephone hotline"), group: operations,
            status: .operational, position: 21),
    ]
}
