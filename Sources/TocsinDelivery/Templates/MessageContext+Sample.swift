import Foundation
import TocsinCore

extension MessageContext {
    /// 2 December 2026, 06:30 in Berlin (05:30 UTC): the default as-of time of the sample.
    public static let sampleAsOf = Date(timeIntervalSince1970: 1_796_189_400)

    /// Invented facts for previews: ransomware at a practice-software provider, marked as an example throughout.
    ///
    /// The incident opened 5 h 15 min before `asOf` (01:15 with the default), the provider became aware 55 minutes
    /// after that, and the page is the second tier's. Names, the address and the phone numbers are invented; the
    /// domains end in `.example`, which RFC 2606 reserves.
    /// `recipient` defaults to the on-call responder; pass the addressee of the message being previewed (an authority
    /// as `organisation`, say) to see its greeting and address lines.
    public static func sample(asOf: Date = sampleAsOf, recipient: Recipient? = Recipient(name: "Jana Probe"))
        -> MessageContext
    {
        let opened = asOf.addingTimeInterval(-(5 * 3600 + 15 * 60))
        let site = "https://tocsin.beispiel-praxissoftware.example"
        return MessageContext(
            incident: Incident(
                id: "42", title: "Massenverschlüsselung von Dateien auf srv-app-03", severity: .critical,
                state: .acknowledged, openedAt: opened,
                hosts: ["srv-app-03", "srv-file-01", "srv-upd-02"],
                rules: [
                    Rule(id: "8f62f36d-3b1e-4c5f-89c7-afe57ec130be", title: "Mass File Encryption by One Process"),
                    Rule(id: "8a97356b-8d6d-4340-8045-beaddb571b9c", title: "Ransom Note Written"),
                    Rule(
                        id: "81f7bcd1-c87c-430c-8525-de3f7e418eda", title: "Windows Backup Catalogue or Backups Deleted"
                    ),
                ],
                tactics: ["credential-access", "lateral-movement", "impact"], alertCount: 317,
                url: "\(site)/incidents/42"),
            organisation: Organisation(
                name: "Beispiel Praxissoftware GmbH (Beispiel)", address: "Musterweg 1, 12345 Musterstadt",
                phone: "+49 30 23125 100", email: "sicherheit@beispiel-praxissoftware.example",
                dpo: Contact(
                    name: "Dr. Erika Mustermann", phone: "+49 30 23125 110",
                    email: "datenschutz@beispiel-praxissoftware.example"),
                securityContact: Contact(
                    name: "Max Beispiel (Leitung IT-Sicherheit)", phone: "+49 30 23125 120",
                    email: "max.beispiel@beispiel-praxissoftware.example")),
            recipient: recipient,
            ack: AckLink(url: "\(site)/ack/EXAMPLE-NOT-A-REAL-TOKEN", expiresAt: asOf.addingTimeInterval(30 * 60)),
            escalation: Escalation(tierIndex: 1, loopIndex: 0),
            acknowledged: Acknowledgement(by: "Jana Probe", at: asOf.addingTimeInterval(-4 * 3600)),
            notice: Notice(version: "1.0", asOf: asOf, awarenessAt: opened.addingTimeInterval(55 * 60)),
            isExample: true)
    }
}
