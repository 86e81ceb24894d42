/// The contract's attack steps, in the order the scenario injects them.
public enum AttackStep: String, CaseIterable, Sendable, Comparable {
    /// VPN/RDP logon of `svc_vpn` from outside, and a macro document spawning encoded PowerShell.
    case initialAccess = "initial-access"
    /// LSASS dump, NTDS and SAM copies, Kerberoasting and password spraying.
    case credentialTheft = "credential-theft"
    /// PsExec, WMI, WinRM and reverse shells on Windows and Linux.
    case lateralMovement = "lateral-movement"
    /// New admin account, services, tasks, Run key, WMI subscription, SSH key and cron.
    case persistence = "persistence"
    /// Logs cleared, Defender and the backup service disabled.
    case defenseEvasion = "defense-evasion"
    /// The practice database copied and exported, the Konnektor's admin port probed.
    case discoveryAndDatabase = "discovery-and-db"
    /// Archives sent out with rclone, over 1 GB per server in ten minutes.
    case exfiltration = "exfiltration"
    /// Shadow copies, the backup catalogue and boot recovery deleted.
    case impactPrecursors = "impact-precursors"
    /// FS01's shares encrypted (`.medlock`) and ransom notes left.
    case encryption = "encryption"

    /// Where the step starts within the attack's span (0 = first event, 1 = end of the span).
    var slot: Double {
        switch self {
        case .initialAccess: 0
        case .credentialTheft: 0.10
        case .lateralMovement: 0.25
        case .persistence: 0.37
        case .defenseEvasion: 0.49
        case .discoveryAndDatabase: 0.57
        case .exfiltration: 0.65
        case .impactPrecursors: 0.84
        case .encryption: 0.90
        }
    }

    /// Steps compare by their order in the attack.
    public static func < (lhs: AttackStep, rhs: AttackStep) -> Bool {
        let order = AttackStep.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// One injected event: when, which step and ATT&CK technique, and what it is.
struct AttackEvent: Sendable {
    var time: Int64
    let step: AttackStep
    let technique: String
    let kind: AttackEventKind
}

/// What an attack event is; rendered by the same code as the background, so it looks the same.
enum AttackEventKind: Sendable {
    case process(host: Int, ProcessStart)
    case plain(WindowsLog, Int, host: Int, fields: [(StaticString, String)], userData: StaticString?)
    case processAccess(host: Int, source: ProcessImage, sourceID: Int, sourceUser: String, target: ProcessImage, targetID: Int)
    case fileCreate(host: Int, image: ProcessImage, processID: Int, user: String, target: String)
    case registrySet(host: Int, image: ProcessImage, processID: Int, user: String, target: String, details: String)
    case network(host: Int, image: ProcessImage, processID: Int, user: String, destination: String, name: String, port: Int)
    case wmi(Int, host: Int, user: String, fields: [(StaticString, String)])
    case logon(host: Int, user: Int, logonType: Int, address: String, workstation: String)
    case failedLogon(host: Int, userName: String, address: String, workstation: String)
    case ticket(host: Int, userName: String, serviceName: String, serviceRid: Int, address: String)
    case execve(host: Int, image: String, commandLine: String, parent: String, user: String, processID: Int)
    case pathWrite(host: Int, target: String, image: String, user: String, processID: Int)
    case flow(source: String, sourceHost: String, destination: String, port: Int, bytesOut: Int, bytesIn: Int)

    /// The file the event goes to.
    var file: SimulationFile {
        switch self {
        case .execve, .pathWrite: .linux
        case .flow: .firewall
        default: .windows
        }
    }

    /// The host index whose log holds the event (nil for firewall flows, which fw01 logs).
    var host: Int? {
        switch self {
        case .process(let host, _), .plain(_, _, let host, _, _), .processAccess(let host, _, _, _, _, _),
            .fileCreate(let host, _, _, _, _), .registrySet(let host, _, _, _, _, _), .network(let host, _, _, _, _, _, _),
            .wmi(_, let host, _, _), .logon(let host, _, _, _, _), .failedLogon(let host, _, _, _),
            .ticket(let host, _, _, _, _), .execve(let host, _, _, _, _, _), .pathWrite(let host, _, _, _, _):
            host
        case .flow: nil
        }
    }
}

extension Emitter {
    /// Renders an attack event into its file's buffer.
    mutating func render(_ event: AttackEvent, port: Int, store: TextStore) {
        let time = event.time
        switch event.kind {
        case .process(let host, let process):
            processCreate(process, host: host, time: time)
        case .plain(let log, let id, let host, let fields, let userData):
            plainEvent(log, id, level: id == 1102 || id == 104 ? 4 : (log == .defender ? 2 : 4), host: host, time: time,
                fields: fields, userData: userData)
        case .processAccess(let host, let source, let sourceID, let sourceUser, let target, let targetID):
            processAccess(
                host: host, time: time, source: source, sourceID: sourceID, sourceUser: store.text(sourceUser),
                target: target, targetID: targetID, access: "0x1fffff",
                callTrace: #"C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6ae8|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6fc3|UNKNOWN(00000000002A4F1B)"#)
        case .fileCreate(let host, let image, let processID, let user, let target):
            fileCreate(
                host: host, time: time, image: image, processID: processID, user: store.text(user),
                target: store.text(target), created: time)
        case .registrySet(let host, let image, let processID, let user, let target, let details):
            registrySet(
                host: host, time: time, image: image, processID: processID, user: store.text(user),
                target: store.text(target), details: store.text(details))
        case .network(let host, let image, let processID, let user, let destination, let name, let destinationPort):
            networkConnect(
                host: host, time: time, image: image, processID: processID, user: store.text(user), sourcePort: port,
                destination: store.text(destination), destinationHostname: store.text(name),
                destinationPort: destinationPort)
        case .wmi(let id, let host, let user, let fields):
            wmiActivity(id, host: host, time: time, user: store.text(user), fields: fields)
        case .logon(let host, let user, let logonType, let address, let workstation):
            logon(
                host: host, time: time, user: user, logonType: logonType, address: store.text(address),
                workstation: store.text(workstation), port: port, logonID: UInt64(port) << 8 | 0x3F)
        case .failedLogon(let host, let userName, let address, let workstation):
            failedLogon(
                host: host, time: time, userName: store.text(userName), logonType: 3, address: store.text(address),
                workstation: store.text(workstation), port: port)
        case .ticket(let host, let userName, let serviceName, let serviceRid, let address):
            serviceTicket(
                host: host, time: time, userName: store.text(userName), serviceName: store.text(serviceName),
                serviceRid: serviceRid, address: store.text(address), port: port, rc4: true)
        case .execve(let host, let image, let commandLine, let parent, let user, let processID):
            execve(
                host: host, time: time, image: store.text(image), commandLine: store.text(commandLine),
                parentImage: store.text(parent), user: store.text(user), processID: processID,
                parentProcessID: processID - 3)
        case .pathWrite(let host, let target, let image, let user, let processID):
            pathWrite(
                host: host, time: time, target: store.text(target), image: store.text(image),
                user: store.text(user), processID: processID)
        case .flow(let source, let sourceHost, let destination, let destinationPort, let bytesOut, let bytesIn):
            flow(
                time: time, source: store.text(source), sourceHost: store.text(sourceHost), sourcePort: port,
                destination: store.text(destination), port: destinationPort, bytesOut: bytesOut, bytesIn: bytesIn)
        }
    }
}
