import TocsinCore

extension StatusPageSettings {
    /// Settings for the fictitious insurer-IT provider of `StatusPageSnapshot.example(now:)`, for demos and tests.
    public static let example = StatusPageSettings(
        organisation: LocalizedText("Beispiel Kassen-IT GmbH"),
        contactLines: [
            LocalizedText(
                de: "Service-Hotline für Krankenkassen: 0800 000 1234 "
                    + "(Mo–Fr 7–19 Uhr, während der Störung täglich)",
                en: "Service hotline for health insurers: 0800 000 1234 "
                    + "(Mon–Fri 7 am–7 pm, daily during the outage)"),
            LocalizedText(
                de: "Hotline für Praxen und Leistungserbringer: 0800 000 5678",
                en: "Hotline for practices and care providers: 0800 000 5678"),
            LocalizedText(
                de: "Unser E-Mail-Postfach ist derzeit nicht erreichbar. Bitte rufen Sie uns an.",
                en: "Our e-mail inbox is currently unreachable. Please call us."),
        ],
        pageID: "beispiel-kassen-it")
}
