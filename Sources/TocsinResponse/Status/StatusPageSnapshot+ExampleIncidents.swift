import Foundation
import TocsinCore

extension StatusPageSnapshot {
    static func exampleAttack(now: Date) -> StatusIncident {
        let hour = 3_600.0
        let first = StatusUpdate(
            id: "u1", phase: .investigating,
            body: LocalizedText(
                de: "Wir haben ungewöhnliche Aktivitäten in unserem Rechenzentrum festgestellt und untersuchen "
                    + "sie.\n\n"
                    + "Als Vorsichtsmaßnahme haben wir den eAU-Empfang und unsere E-Mail-Systeme abgeschaltet.",
                en: "We detected unusual activity in our data centre and are investigating it.\n\n"
                    + "As a precaution we switched off eAU reception and our e-mail systems."),
            at: now.addingTimeInterval(-20 * hour), version: 1,
            affectedComponents: [
                ComponentImpact(componentID: "eau", status: .partialOutage, reason: .securityPrecaution),
                ComponentImpact(componentID: "mail", status: .majorOutage, reason: .securityPrecaution),
            ],
            nextUpdateAt: now.addingTimeInterval(-16 * hour))
        let second = StatusUpdate(
            id: "u2", phase: .identified,
            body: LocalizedText(
                de: "Es handelt sich um einen Cyberangriff. Die Eindämmung läuft; externe Forensiker unterstützen "
                    + "uns.\n"
                    + "Ob und in welchem Umfang Daten entwendet wurden, ist derzeit nicht bekannt.\n\n"
                    + "Wir haben den Angriff dem BSI, der gematik und dem Landeskriminalamt gemeldet und die "
                    + "Datenschutzaufsicht informiert.",
                en: "This is a cyber attack. Containment is under way; external forensic experts support us.\n"
                    + "Whether and to what extent data was taken is not known at this time.\n\n"
                    + "We reported the attack to the BSI, gematik and the State Criminal Police Office and informed "
                    + "the data protection authority."),
            at: now.addingTimeInterval(-8 * hour), version: 2,
            affectedComponents: [
                ComponentImpact(componentID: "eau", status: .partialOutage, reason: .securityPrecaution),
                ComponentImpact(componentID: "epa", status: .degradedPerformance, reason: .fallbackActive),
                ComponentImpact(componentID: "kim", status: .majorOutage),
                ComponentImpact(componentID: "mail", status: .majorOutage, reason: .securityPrecaution),
            ],
            nextUpdateAt: now.addingTimeInterval(-2 * hour),
            customerActions: [
                LocalizedText(
                    de: "Ändern Sie die Passwörter Ihrer Praxissoftware.",
                    en: "Change the passwords of your practice software."),
                LocalizedText(
                    de: "Ändern Sie die Windows-Anmeldungen Ihrer Arbeitsplätze und Server.",
                    en: "Change the Windows log-ons of your workstations and servers."),
                LocalizedText(
                    de: "Ändern Sie das Administrationspasswort Ihres TI-Konnektors.",
                    en: "Change the administration password of your telematics (TI) connector."),
                LocalizedText(
                    de: "Öffnen Sie keine Anhänge aus E-Mails, die angeblich von uns kommen.",
                    en: "Do not open attachments in e-mails that claim to come from us."),
            ])
        let third = StatusUpdate(
            id: "u3", phase: .identified,
            body: LocalizedText(
                de: "Die Eindämmung ist weit fortgeschritten. Die ePA läuft im Notbetrieb. Die Funktion Ihrer "
                    + "Praxissoftware ist nach heutigem Erkenntnisstand nicht betroffen.",
                en: "Containment is well advanced. The ePA runs in emergency operation. As far as we know today, "
                    + "your practice software is not affected."),
            at: now.addingTimeInterval(-1 * hour), version: 3,
            affectedComponents: second.affectedComponents, nextUpdateAt: now.addingTimeInterval(3 * hour),
            customerActions: second.customerActions)
        return StatusIncident(
            id: "2026-attack",
            title: LocalizedText(
                de: "Cyberangriff: Dienste vorsorglich eingeschränkt",
                en: "Cyber attack: services restricted as a precaution"),
            createdAt: first.at, updates: [first, second, third])
    }

    static func exampleResolvedIncident(now: Date) -> StatusIncident {
        let day = 86_400.0
        return StatusIncident(
            id: "2026-kim-delay",
            title: LocalizedText(
                de: "Verzögerte Zustellung von KIM-Nachrichten", en: "Delayed delivery of KIM messages"),
            createdAt: now.addingTimeInterval(-5 * day),
            updates: [
                StatusUpdate(
                    id: "u1", phase: .investigating,
                    body: LocalizedText(
                        de: "KIM-Nachrichten werden verzögert zugestellt.", en: "KIM messages are delivered late."),
                    at: now.addingTimeInterval(-5 * day), version: 1,
                    affectedComponents: [ComponentImpact(componentID: "kim", status: .degradedPerformance)]),
                StatusUpdate(
                    id: "u2", phase: .resolved,
                    body: LocalizedText(
                        de: "Alle Nachrichten sind zugestellt.", en: "All messages have been delivered."),
                    at: now.addingTimeInterval(-5 * day + 7_200), version: 2,
                    affectedComponents: [ComponentImpact(componentID: "kim", status: .operational)]),
            ])
    }

    static func exampleMaintenances(now: Date) -> [ScheduledMaintenance] {
        let hour = 3_600.0
        let statistics = ScheduledMaintenance(
            id: "2026-statistics",
            title: LocalizedText(de: "Prüfung der Statistikmeldungen", en: "Check of the statistics transmission"),
            body: LocalizedText(
                de: "Wir prüfen die Statistikmeldungen, bevor wir sie wieder annehmen. Fristen verschieben sich nicht "
                    + "zu Ihren Lasten.",
                en: "We are checking the statistics transmission before accepting reports again. Deadlines will not "
                    + "move to your disadvantage."),
            components: ["statistics"], scheduledFor: now.addingTimeInterval(-2 * hour),
            scheduledUntil: now.addingTimeInterval(4 * hour),
            updates: [
                MaintenanceUpdate(
                    id: "m1", phase: .scheduled,
                    body: LocalizedText(de: "Wartung angekündigt.", en: "Maintenance announced."),
                    at: now.addingTimeInterval(-6 * hour))
            ])
        let eauReturn = ScheduledMaintenance(
            id: "2026-eau-return",
            title: LocalizedText(
                de: "Rückführung des eAU-Empfangs in den Regelbetrieb",
                en: "eAU reception back to regular operation"),
            body: LocalizedText(
                de: "Zwischengespeicherte eAUs werden in dieser Zeit nachverarbeitet.",
                en: "Queued eAUs are processed during this window."),
            components: ["eau"], scheduledFor: now.addingTimeInterval(18 * hour),
            scheduledUntil: now.addingTimeInterval(20 * hour),
            updates: [
                MaintenanceUpdate(
                    id: "m1", phase: .scheduled,
                    body: LocalizedText(
                        de: "Wir beginnen mit der Rückführung, sobald die Forensik den Empfang freigibt.",
                        en: "We start the return once the forensic team clears the reception."),
                    at: now.addingTimeInterval(-30 * 60))
            ])
        let past = ScheduledMaintenance(
            id: "2026-datacentre",
            title: LocalizedText(de: "Wartung im Rechenzentrum B", en: "Maintenance in data centre B"),
            body: LocalizedText(de: "Austausch von Netzwerkkomponenten.", en: "Replacement of network components."),
            components: ["core"], scheduledFor: now.addingTimeInterval(-72 * hour),
            scheduledUntil: now.addingTimeInterval(-70 * hour),
            updates: [
                MaintenanceUpdate(
                    id: "m1", phase: .completed,
                    body: LocalizedText(de: "Die Arbeiten sind abgeschlossen.", en: "The work is complete."),
                    at: now.addingTimeInterval(-70.5 * hour))
            ])
        return [statistics, eauReturn, past]
    }
}
