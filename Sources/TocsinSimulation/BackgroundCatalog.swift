/// A piece of a templated value: text, the user's home folder, or a number.
enum Piece: Sendable {
    case text(JSONText)
    /// `C:\Users\<name>\`, escaped.
    case home
    case userName
    case number(ClosedRange<Int>)
}

/// A benign process start: image, command line and parent, in one of three kinds of session.
struct ProcessTemplate: Sendable {
    enum Session: Sendable { case user, system, networkService }

    let image: ProcessImage
    let commandLine: [Piece]
    let parent: ProcessImage
    let parentCommandLine: [Piece]
    let session: Session

    init(_ image: ProcessImage, _ commandLine: String, parent: ProcessImage, _ parentCommandLine: String, _ session: Session) {
        self.image = image
        self.commandLine = ProcessTemplate.pieces(commandLine)
        self.parent = parent
        self.parentCommandLine = ProcessTemplate.pieces(parentCommandLine)
        self.session = session
    }

    /// Splits `{home}`, `{user}` and `{n:low-high}` out of a template (written unescaped).
    static func pieces(_ template: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            let piece: Piece?
            if name == "home" {
                piece = .home
            } else if name == "user" {
                piece = .userName
            } else if name.hasPrefix("n:"), let dash = name.firstIndex(of: "-"),
                let low = Int(name[name.index(name.startIndex, offsetBy: 2)..<dash]),
                let high = Int(name[name.index(after: dash)...])
            {
                piece = .number(low...high)
            } else {
                piece = nil
            }
            if let piece {
                if open > rest.startIndex { pieces.append(.text(JSONText(String(rest[..<open])))) }
                pieces.append(piece)
                rest = rest[rest.index(after: close)...]
            } else {
                pieces.append(.text(JSONText(String(rest[...open]))))
                rest = rest[rest.index(after: open)...]
            }
        }
        if !rest.isEmpty { pieces.append(.text(JSONText(String(rest)))) }
        return pieces
    }
}

/// What the estate's hosts run, resolve, connect to and write when nothing is wrong.
enum BackgroundCatalog {
    static let svchostNetsvcs = "C:\\Windows\\system32\\svchost.exe -k netsvcs -p"
    static let servicesLine = "C:\\Windows\\system32\\services.exe"
    static let explorerLine = "C:\\Windows\\Explorer.EXE"
    static let office = Images.officeRoot

    /// Processes users start on workstations.
    static let userProcesses: [ProcessTemplate] = [
        ProcessTemplate(Images.praxis, "\"C:\\Program Files\\MedSoft\\Praxis\\praxis.exe\" /autostart", parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(Images.praxis, "\"C:\\Program Files\\MedSoft\\Praxis\\praxis.exe\"", parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(
            Images.praxisExport,
            "\"C:\\Program Files\\MedSoft\\Praxis\\praxisexport.exe\" /patient {n:100000-199999} /out \"{home}Documents\\Export\\befund.pdf\"",
            parent: Images.praxis, "\"C:\\Program Files\\MedSoft\\Praxis\\praxis.exe\" /autostart", .user),
        ProcessTemplate(
            Images.praxisPrint, "\"C:\\Program Files\\MedSoft\\Praxis\\praxisprint.exe\" /job {n:1000-99999} /printer Empfang",
            parent: Images.praxis, "\"C:\\Program Files\\MedSoft\\Praxis\\praxis.exe\" /autostart", .user),
        ProcessTemplate(
            Images.winword, "\"\(office)WINWORD.EXE\" /n \"{home}Documents\\Briefe\\Arztbrief_{n:1000-9999}.docx\" /o \"\"",
            parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(
            Images.excel, "\"\(office)EXCEL.EXE\" \"{home}Documents\\Abrechnung\\Quartal_{n:1-4}.xlsx\"",
            parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(Images.outlook, "\"\(office)OUTLOOK.EXE\" /recycle", parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(
            Images.edge, "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --single-argument https://portal.medsoft.local/",
            parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(
            Images.edge,
            "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=renderer --lang=de --num-raster-threads=2 --renderer-client-id={n:5-90} --mojo-platform-channel-handle={n:3000-9000} /prefetch:1",
            parent: Images.edge, "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\"", .user),
        ProcessTemplate(
            Images.chrome,
            "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=de --service-sandbox-type=none /prefetch:8",
            parent: Images.chrome, "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\"", .user),
        ProcessTemplate(
            Images.acrobat, "\"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe\" \"{home}Downloads\\Laborbefund_{n:10000-99999}.pdf\"",
            parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(Images.notepad, "\"C:\\Windows\\system32\\NOTEPAD.EXE\" {home}Desktop\\Notizen.txt", parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(Images.splwow64, "C:\\Windows\\splwow64.exe 12288", parent: Images.winword, "\"\(office)WINWORD.EXE\" /n", .user),
    ]

    /// Processes Windows itself starts, on every Windows host.
    static let systemProcesses: [ProcessTemplate] = [
        ProcessTemplate(Images.svchost, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", parent: Images.services, servicesLine, .system),
        ProcessTemplate(Images.svchost, "C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p", parent: Images.services, servicesLine, .system),
        ProcessTemplate(Images.svchost, "C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache", parent: Images.services, servicesLine, .networkService),
        ProcessTemplate(Images.taskhostw, "taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly", parent: Images.svchost, svchostNetsvcs, .system),
        ProcessTemplate(Images.runtimeBroker, "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", parent: Images.svchost, "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", .system),
        ProcessTemplate(
            Images.backgroundTaskHost,
            "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountBackgroundManagerTask",
            parent: Images.svchost, "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p", .system),
        ProcessTemplate(
            Images.searchProtocolHost,
            "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe{n:1-99}_ Global\\UsGthrCtrlFltPipeMssGthrPipe{n:1-99} 1 -2147483646 \"Software\\Microsoft\\Windows Search\" \"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)\" \"C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc\" \"DownLevelDaemon\"",
            parent: Images.svchost, "C:\\Windows\\system32\\SearchIndexer.exe /Embedding", .system),
        ProcessTemplate(Images.usoclient, "C:\\Windows\\system32\\usoclient.exe StartScan", parent: Images.svchost, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s UsoSvc", .system),
        ProcessTemplate(Images.wuauclt, "\"C:\\Windows\\system32\\wuauclt.exe\" /UpdateDeploymentProvider UpdateDeploymentProvider.dll /ClassId {n:10000000-99999999} /RunHandlerComServer", parent: Images.svchost, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s wuauserv", .system),
        ProcessTemplate(
            Images.mpCmdRun, "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" SignaturesUpdateService -ScheduleJob -RestrictPrivileges",
            parent: Images.msMpEng, "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe\"", .system),
        ProcessTemplate(
            Images.mpCmdRun, "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob",
            parent: Images.svchost, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", .system),
        ProcessTemplate(Images.conhost, "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", parent: Images.mpCmdRun, "\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" -wdenable", .system),
    ]

    /// Processes of the servers' own work, by role.
    static let sqlProcesses: [ProcessTemplate] = [
        ProcessTemplate(Images.sqlagent, "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE\" -i MSSQLSERVER", parent: Images.services, servicesLine, .system),
    ]
    static let appProcesses: [ProcessTemplate] = [
        ProcessTemplate(
            Images.praxisJob, "\"C:\\Program Files\\MedSoft\\Praxis\\praxisjob.exe\" /job recall-reminders /tenant {n:1000-4999}",
            parent: Images.praxisServer, "\"C:\\Program Files\\MedSoft\\Praxis\\praxissrv.exe\" /service", .system),
        ProcessTemplate(
            Images.praxisJob, "\"C:\\Program Files\\MedSoft\\Praxis\\praxisjob.exe\" /job kv-abrechnung /tenant {n:1000-4999}",
            parent: Images.praxisServer, "\"C:\\Program Files\\MedSoft\\Praxis\\praxissrv.exe\" /service", .system),
    ]
    /// Veeam's agents on the servers it backs up, and VSS doing the snapshots (never `vssadmin delete`).
    static let backupProcesses: [ProcessTemplate] = [
        ProcessTemplate(
            Images.veeamAgent, "\"C:\\Program Files\\Veeam\\Backup Transport\\x64\\VeeamAgent.exe\" -l \"C:\\ProgramData\\Veeam\\Backup\\Agent.Target.log\" -t BackupJob -p 2500",
            parent: Images.veeamService, "\"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe\"", .system),
        ProcessTemplate(Images.vssvc, "C:\\Windows\\system32\\vssvc.exe", parent: Images.services, servicesLine, .system),
    ]
    static let backupServerProcesses: [ProcessTemplate] = [
        ProcessTemplate(
            Images.veeamManager, "\"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Manager.exe\" startbackupjob owner=[vbsvc] id={n:10000-99999}",
            parent: Images.veeamService, "\"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe\"", .system),
    ]
    static let adminProcesses: [ProcessTemplate] = [
        ProcessTemplate(Images.mmc, "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Windows\\system32\\dsa.msc\"", parent: Images.explorer, explorerLine, .user),
        ProcessTemplate(
            Images.edge, "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --single-argument https://10.20.9.10:8443/",
            parent: Images.explorer, explorerLine, .user),
    ]

    /// Benign DNS names and an address each resolves to.
    static let lookups: [(JSONText, JSONText)] = [
        ("login.microsoftonline.com", "::ffff:20.190.159.64;"), ("settings-win.data.microsoft.com", "::ffff:52.168.117.170;"),
        ("ctldl.windowsupdate.com", "::ffff:13.107.4.50;"), ("www.bing.com", "::ffff:13.107.21.237;"),
        ("outlook.office365.com", "::ffff:52.97.146.178;"), ("portal.medsoft.local", "::ffff:10.20.1.40;"),
        ("update.medsoft.de", "::ffff:194.25.134.8;"), ("www.kbv.de", "::ffff:217.110.62.10;"),
        ("definitionupdates.microsoft.com", "::ffff:23.35.229.160;"), ("www.google.com", "::ffff:142.250.185.68;"),
        ("teams.microsoft.com", "::ffff:52.113.194.132;"), ("fonts.gstatic.com", "::ffff:142.250.186.35;"),
    ].map { (JSONText($0.0), JSONText($0.1)) }

    /// Benign external HTTPS endpoints (Microsoft, updates, the vendor's own update server).
    static let externalEndpoints: [(JSONText, JSONText)] = [
        ("20.190.159.64", "login.microsoftonline.com"), ("52.168.117.170", "settings-win.data.microsoft.com"),
        ("13.107.4.50", "ctldl.windowsupdate.com"), ("13.107.21.237", "www.bing.com"),
        ("52.97.146.178", "outlook.office365.com"), ("194.25.134.8", "update.medsoft.de"),
        ("23.35.229.160", "definitionupdates.microsoft.com"), ("142.250.185.68", "www.google.com"),
        ("52.113.194.132", "teams.microsoft.com"), ("217.110.62.10", "www.kbv.de"),
    ].map { (JSONText($0.0), JSONText($0.1)) }

    /// The index of outlook.office365.com in `externalEndpoints`.
    static let exchangeOnline = 4

    /// Share folders on FS01, where users' files land.
    static let shareFolders: [JSONText] = [
        "D:\\Shares\\Praxisverwaltung\\Vorlagen\\", "D:\\Shares\\Abrechnung\\2026\\", "D:\\Shares\\Personal\\Dienstplaene\\",
        "D:\\Shares\\Support\\Tickets\\", "D:\\Shares\\Entwicklung\\Releases\\", "D:\\Shares\\Vertrieb\\Angebote\\",
    ].map { JSONText($0) }
    /// File names users save.
    static let documentNames: [JSONText] = [
        "Arztbrief_", "Angebot_", "Protokoll_", "Rechnung_", "Dienstplan_", "Ticket_", "Notiz_", "Bericht_",
    ].map { JSONText($0) }
    static let documentExtensions: [JSONText] = [".docx", ".xlsx", ".pdf", ".txt"].map { JSONText($0) }
}
