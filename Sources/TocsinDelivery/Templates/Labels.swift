import TocsinCore

extension Level {
    /// The severity as a reader of `language` names it, in lower case: `kritisch`, `critical`.
    func label(in language: Language) -> String {
        switch (self, language) {
        case (.critical, .de): "kritisch"
        case (.high, .de): "hoch"
        case (.medium, .de): "mittel"
        case (.low, .de): "niedrig"
        case (.informational, .de): "informativ"
        case (.critical, .en): "critical"
        case (.high, .en): "high"
        case (.medium, .en): "medium"
        case (.low, .en): "low"
        case (.informational, .en): "informational"
        }
    }
}

extension MessageContext.IncidentStatus {
    /// The state as a reader of `language` names it, in lower case: `eingedämmt`, `contained`.
    func label(in language: Language) -> String {
        switch (self, language) {
        case (.new, .de): "neu, noch nicht übernommen"
        case (.acknowledged, .de): "in Bearbeitung"
        case (.contained, .de): "eingedämmt"
        case (.resolved, .de): "behoben"
        case (.closed, .de): "abgeschlossen"
        case (.new, .en): "new, not yet taken"
        case (.acknowledged, .en): "being handled"
        case (.contained, .en): "contained"
        case (.resolved, .en): "resolved"
        case (.closed, .en): "closed"
        }
    }
}
