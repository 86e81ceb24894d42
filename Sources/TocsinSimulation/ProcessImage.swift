import TocsinCore

/// An executable as Sysmon describes it: path, version resource fields and hashes.
struct ProcessImage: Sendable {
    let path: JSONText
    let isExplorer: Bool
    let isServices: Bool
    let fileVersion: JSONText
    let description: JSONText
    let product: JSONText
    let company: JSONText
    let originalFileName: JSONText
    /// `MD5=…,SHA256=…,IMPHASH=…`, stable per path (made up, not the real files' hashes).
    let hashes: JSONText

    init(
        _ path: String, original: String? = nil, description: String, product: String = "Microsoft® Windows® Operating System",
        company: String = "Microsoft Corporation", version: String = "10.0.19041.3636 (WinBuild.160101.0800)"
    ) {
        self.path = JSONText(path)
        let name = path.split(separator: "\\").last.map(String.init) ?? path
        isExplorer = name.lowercased() == "explorer.exe"
        isServices = name.lowercased() == "services.exe"
        fileVersion = JSONText(version)
        self.description = JSONText(description)
        self.product = JSONText(product)
        self.company = JSONText(company)
        originalFileName = JSONText(original ?? name)
        var mixer = SplitMix64(state: SplitMix64.hash(path.lowercased()))
        func hex(_ words: Int) -> String {
            var text = ""
            for _ in 0..<words {
                let digits = String(mixer.next(), radix: 16, uppercase: true)
                text += String(repeating: "0", count: 16 - digits.count) + digits
            }
            return text
        }
        hashes = JSONText("MD5=\(hex(2)),SHA256=\(hex(4)),IMPHASH=\(hex(2))")
    }
}

/// The executables of the estate, benign and the attacker's.
enum Images {
    static let system32 = "C:\\Windows\\System32\\"
    static let explorer = ProcessImage("C:\\Windows\\explorer.exe", original: "EXPLORER.EXE", description: "Windows Explorer")
    static let services = ProcessImage(system32 + "services.exe", description: "Services and Controller app")
    static let svchost = ProcessImage(system32 + "svchost.exe", description: "Host Process for Windows Services")
    static let lsass = ProcessImage(system32 + "lsass.exe", description: "Local Security Authority Process")
    static let taskhostw = ProcessImage(system32 + "taskhostw.exe", description: "Host Process for Windows Tasks")
    static let runtimeBroker = ProcessImage(system32 + "RuntimeBroker.exe", description: "Runtime Broker")
    static let backgroundTaskHost = ProcessImage(system32 + "backgroundTaskHost.exe", description: "Background Task Host")
    static let searchProtocolHost = ProcessImage(
        system32 + "SearchProtocolHost.exe", description: "Microsoft Windows Search Protocol Host")
    static let conhost = ProcessImage(system32 + "conhost.exe", description: "Console Window Host")
    static let usoclient = ProcessImage(system32 + "usoclient.exe", description: "UsoClient")
    static let wuauclt = ProcessImage(system32 + "wuauclt.exe", description: "Windows Update")
    static let vssvc = ProcessImage(system32 + "VSSVC.exe", description: "Microsoft® Volume Shadow Copy Service")
    static let wmiPrvSE = ProcessImage(system32 + "wbem\\WmiPrvSE.exe", description: "WMI Provider Host")
    static let wsmprovhost = ProcessImage(system32 + "wsmprovhost.exe", description: "Host process for WinRM plug-ins")
    static let mmc = ProcessImage(system32 + "mmc.exe", description: "Microsoft Management Console")
    static let notepad = ProcessImage(system32 + "notepad.exe", original: "NOTEPAD.EXE", description: "Notepad")
    static let splwow64 = ProcessImage("C:\\Windows\\splwow64.exe", description: "Print driver host for applications")
    static let msMpEng = ProcessImage(
        "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe",
        description: "Antimalware Service Executable", version: "4.18.24090.11 (WinBuild.160101.0800)")
    static let mpCmdRun = ProcessImage(
        "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe",
        description: "Microsoft Malware Protection Command Line Utility", version: "4.18.24090.11 (WinBuild.160101.0800)")
    static let praxis = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\praxis.exe", description: "MedSoft Praxis", product: "MedSoft Praxis",
        company: "MedSoft GmbH", version: "24.3.1.2210")
    static let praxisServer = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\praxissrv.exe", description: "MedSoft Praxis Server",
        product: "MedSoft Praxis", company: "MedSoft GmbH", version: "24.3.1.2210")
    static let praxisExport = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\praxisexport.exe", description: "MedSoft Praxis Export",
        product: "MedSoft Praxis", company: "MedSoft GmbH", version: "24.3.1.2210")
    static let praxisPrint = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\praxisprint.exe", description: "MedSoft Praxis Druckdienst",
        product: "MedSoft Praxis", company: "MedSoft GmbH", version: "24.3.1.2210")
    static let praxisJob = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\praxisjob.exe", description: "MedSoft Praxis Jobs",
        product: "MedSoft Praxis", company: "MedSoft GmbH", version: "24.3.1.2210")
    static let officeRoot = "C:\\Program Files\\Microsoft Office\\root\\Office16\\"
    static let winword = ProcessImage(
        officeRoot + "WINWORD.EXE", original: "WinWord.exe", description: "Microsoft Word",
        product: "Microsoft Office", version: "16.0.17928.20156")
    static let excel = ProcessImage(
        officeRoot + "EXCEL.EXE", original: "Excel.exe", description: "Microsoft Excel", product: "Microsoft Office",
        version: "16.0.17928.20156")
    static let outlook = ProcessImage(
        officeRoot + "OUTLOOK.EXE", original: "Outlook.exe", description: "Microsoft Outlook",
        product: "Microsoft Office", version: "16.0.17928.20156")
    static let edge = ProcessImage(
        "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", description: "Microsoft Edge",
        product: "Microsoft Edge", version: "131.0.2903.51")
    static let chrome = ProcessImage(
        "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", description: "Google Chrome",
        product: "Google Chrome", company: "Google LLC", version: "131.0.6778.86")
    static let acrobat = ProcessImage(
        "C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe", original: "Acrobat.exe",
        description: "Adobe Acrobat", product: "Adobe Acrobat", company: "Adobe Systems Incorporated",
        version: "24.4.20272.0")
    static let sqlservr = ProcessImage(
        "C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe",
        description: "SQL Server Windows NT - 64 Bit", product: "Microsoft SQL Server", version: "2022.0160.4135.04")
    static let sqlagent = ProcessImage(
        "C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE",
        description: "SQLAGENT - SQL Server Agent", product: "Microsoft SQL Server", version: "2022.0160.4135.04")
    static let veeamAgent = ProcessImage(
        "C:\\Program Files\\Veeam\\Backup Transport\\x64\\VeeamAgent.exe", description: "Veeam Agent",
        product: "Veeam Backup & Replication", company: "Veeam Software Group GmbH", version: "12.2.0.334")
    static let veeamService = ProcessImage(
        "C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe",
        description: "Veeam Backup Service", product: "Veeam Backup & Replication",
        company: "Veeam Software Group GmbH", version: "12.2.0.334")
    static let veeamManager = ProcessImage(
        "C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Manager.exe",
        description: "Veeam Backup Manager", product: "Veeam Backup & Replication",
        company: "Veeam Software Group GmbH", version: "12.2.0.334")
    static let dns = ProcessImage(system32 + "dns.exe", description: "Domain Name System (DNS) Server")
    static let system = ProcessImage("System", description: "NT Kernel & System")
    static let praxisCore = ProcessImage(
        "C:\\Program Files\\MedSoft\\Praxis\\PraxisCore.dll", description: "MedSoft Praxis Core",
        product: "MedSoft Praxis", company: "MedSoft GmbH", version: "24.3.1.2210")
    static let updateEngine = ProcessImage(system32 + "wuaueng.dll", description: "Windows Update Agent")
    static let cryptographyLibrary = ProcessImage(system32 + "bcryptprimitives.dll", description: "Windows Cryptographic Primitives Library")

    // What the attacker runs.
    static let cmd = ProcessImage(system32 + "cmd.exe", original: "Cmd.Exe", description: "Windows Command Processor")
    static let powershell = ProcessImage(
        system32 + "WindowsPowerShell\\v1.0\\powershell.exe", original: "PowerShell.EXE",
        description: "Windows PowerShell")
    static let rundll32 = ProcessImage(system32 + "rundll32.exe", original: "RUNDLL32.EXE", description: "Windows host process (Rundll32)")
    static let ntdsutil = ProcessImage(system32 + "ntdsutil.exe", original: "ntdsutil.exe", description: "NT5DS")
    static let reg = ProcessImage(system32 + "reg.exe", original: "reg.exe", description: "Registry Console Tool")
    static let net = ProcessImage(system32 + "net.exe", original: "net.exe", description: "Net Command")
    static let sc = ProcessImage(system32 + "sc.exe", original: "sc.exe", description: "Service Control Manager Configuration Tool")
    static let schtasks = ProcessImage(
        system32 + "schtasks.exe", original: "schtasks.exe", description: "Task Scheduler Configuration Tool")
    static let wevtutil = ProcessImage(system32 + "wevtutil.exe", original: "wevtutil.exe", description: "Eventing Command Line Utility")
    static let vssadmin = ProcessImage(
        system32 + "vssadmin.exe", original: "VSSADMIN.EXE", description: "Command Line Interface for Microsoft® Volume Shadow Copy Service ")
    static let wmic = ProcessImage(system32 + "wbem\\WMIC.exe", original: "wmic.exe", description: "WMI Commandline Utility")
    static let wbadmin = ProcessImage(system32 + "wbadmin.exe", original: "WBADMIN.EXE", description: "Command Line Interface for Microsoft® BLB Backup")
    static let bcdedit = ProcessImage(system32 + "bcdedit.exe", original: "bcdedit.exe", description: "Boot Configuration Data Editor")
    static let robocopy = ProcessImage(system32 + "Robocopy.exe", original: "robocopy.exe", description: "Microsoft® Robust File Copy")
    static let implant = ProcessImage(
        "C:\\Users\\Public\\svchost.exe", original: "beacon.exe", description: "", product: "", company: "", version: "-")
    static let sevenZip = ProcessImage(
        "C:\\Users\\Public\\7z.exe", original: "7z.exe", description: "7-Zip Console", product: "7-Zip",
        company: "Igor Pavlov", version: "24.08")
    static let rclone = ProcessImage(
        "C:\\Users\\Public\\rclone.exe", original: "rclone.exe", description: "Rsync for cloud storage",
        product: "Rclone", company: "https://rclone.org", version: "1.68.2")
    static let ncat = ProcessImage(
        "C:\\Users\\Public\\ncat.exe", original: "ncat.exe", description: "Ncat", product: "Nmap",
        company: "Insecure.Com LLC (nmap.org)", version: "7.95")
}
