import Foundation
import TocsinCore

/// Which language a reader gets: German unless they ask for English.
public enum StatusLanguage {
    /// The language for a request: a usable `?lang=` value wins; otherwise the best of German and English in the
    /// `Accept-Language` header by q-value (the earlier entry on a tie); otherwise German.
    ///
    /// `*` counts as German. A q-value of 0 rules a language out. Region subtags are ignored (`en-US` is English).
    public static func negotiate(query: String?, acceptLanguage: String?) -> Language {
        if let query, let language = language(fromTag: query) { return language }
        guard let acceptLanguage else { return .de }
        var best: (language: Language, quality: Double)?
        for entry in acceptLanguage.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            let language = tag == "*" ? .de : self.language(fromTag: tag)
            guard let language else { continue }
            let quality = parts.dropFirst().compactMap(qualityValue).first ?? 1
            guard quality > 0 else { continue }
            if quality > (best?.quality ?? 0) { best = (language, quality) }
        }
        return best?.language ?? .de
    }

    private static func language(fromTag tag: String) -> Language? {
        let primary = tag.trimmingCharacters(in: .whitespaces).split(separator: "-").first.map { $0.lowercased() }
        return primary.flatMap { Language(rawValue: $0) }
    }

    private static func qualityValue(_ parameter: String) -> Double? {
        let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard pair.count == 2, pair[0].lowercased() == "q", let value = Double(pair[1]), (0...1).contains(value)
        else { return nil }
        return value
    }
}
