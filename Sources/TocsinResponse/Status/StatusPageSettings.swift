import TocsinCore

/// What a provider configures once for its public page: who runs it, how to reach them, and how it is shown.
public struct StatusPageSettings: Sendable, Hashable, Codable {
    /// The organisation that runs the page.
    public var organisation: LocalizedText
    /// Ways to reach the provider that work while e-mail is down (telephone numbers, a fax, an address).
    public var contactLines: [LocalizedText]
    /// The warning against phishing that every page shows.
    public var antiPhishing: LocalizedText
    /// How many days resolved incidents and completed maintenance stay in the history.
    public var historyDays: Int
    /// The IANA time zone times are shown in.
    public var timeZoneID: String
    /// The page's identifier in the JSON summary (`page.id`), if it has one.
    public var pageID: String?

    /// The anti-phishing line used unless a provider writes its own.
    public static let defaultAntiPhishing = LocalizedText(
        de: "Wir fragen niemals per E-Mail oder Telefon nach Passwörtern oder Zugangsdaten.",
        en: "We will never ask for passwords or access credentials by e-mail or phone.")

    /// Creates settings; the anti-phishing line, fifteen days of history and Europe/Berlin are the defaults.
    public init(
        organisation: LocalizedText, contactLines: [LocalizedText] = [],
        antiPhishing: LocalizedText = StatusPageSettings.defaultAntiPhishing, historyDays: Int = 15,
        timeZoneID: String = "Europe/Berlin", pageID: String? = nil
    ) {
        self.organisation = organisation
        self.contactLines = contactLines
        self.antiPhishing = antiPhishing
        self.historyDays = historyDays
        self.timeZoneID = timeZoneID
        self.pageID = pageID
    }
}
