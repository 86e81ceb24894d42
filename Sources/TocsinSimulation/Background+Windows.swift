/// Benign Windows activity: workstations, admin workstations, domain controllers and servers.
extension Background {
    /// A process start from `template` on `host`; `user` for user sessions.
    mutating func start(_ template: ProcessTemplate, host: Int, user: Int?, at time: Int64, into emitter: inout Emitter) {
        let h = estate.hosts[host]
        let sessionUser = template.session == .user ? user : nil
        Background.render(
            template.commandLine, user: sessionUser, estate: estate, homes: homes, random: &random, into: &scratch)
        Background.render(
            template.parentCommandLine, user: sessionUser, estate: estate, homes: homes, random: &random, into: &scratch2)
        let commandLine = scratch.view
        let parentCommandLine = scratch2.view
        let userText: JSONText
        let logonID: UInt64
        switch template.session {
        case .user:
            userText = user.map { estate.users[$0].qualifiedText } ?? BuiltinUser.system
            logonID = sessionLogonIDs[host]
        case .system:
            userText = BuiltinUser.system
            logonID = 0x3E7
        case .networkService:
            userText = BuiltinUser.networkService
            logonID = 0x3E4
        }
        let parentPid: Int
        if template.parent.isExplorer {
            parentPid = h.explorerPid
        } else if template.parent.isServices {
            parentPid = h.servicesPid
        } else {
            parentPid = windowsPid()
        }
        let process = ProcessStart(
            image: template.image, commandLine: commandLine,
            currentDirectory: template.session == .user && user != nil ? homes[user ?? 0] : Background.system32Directory,
            user: userText, logonID: logonID, session: template.session == .user ? 1 : 0,
            integrity: template.session == .user ? "Medium" : "System", processID: windowsPid(),
            parent: template.parent, parentCommandLine: parentCommandLine, parentProcessID: parentPid,
            parentStart: sessionStarts[host])
        emitter.processCreate(process, host: host, time: time)
    }

    /// Activity every Windows host shows: system processes, DNS, connections, image loads, registry.
    mutating func common(_ host: Int, user: Int?, at time: Int64, into emitter: inout Emitter) {
        let roll = random.below(100)
        let userText = user.map { estate.users[$0].qualifiedText } ?? BuiltinUser.system
        // Outlook talks only to Exchange Online; everything else a user's session reaches goes through the browser.
        let image = user == nil ? Images.svchost : Images.edge
        if roll < 12 {
            start(random.pick(BackgroundCatalog.systemProcesses), host: host, user: nil, at: time, into: &emitter)
        } else if roll < 50 {
            let (name, results) = random.pick(BackgroundCatalog.lookups)
            emitter.dnsQuery(
                host: host, time: time, image: image, processID: windowsPid(), user: userText, query: name,
                results: results)
        } else if roll < 80 {
            let endpoint = random.below(BackgroundCatalog.externalEndpoints.count)
            let (address, name) = BackgroundCatalog.externalEndpoints[endpoint]
            emitter.networkConnect(
                host: host, time: time,
                image: user != nil && endpoint == BackgroundCatalog.exchangeOnline ? Images.outlook : image, processID: windowsPid(), user: userText, sourcePort: ephemeralPort(),
                destination: address, destinationHostname: name, destinationPort: 443)
        } else if roll < 90 {
            if user == nil {
                emitter.imageLoad(
                    host: host, time: time, image: Images.svchost, processID: windowsPid(), user: userText,
                    loaded: random.chance(0.5) ? Images.updateEngine : Images.cryptographyLibrary,
                    signature: "Microsoft Windows")
            } else {
                emitter.imageLoad(
                    host: host, time: time, image: Images.praxis, processID: windowsPid(), user: userText,
                    loaded: Images.praxisCore, signature: "MedSoft GmbH")
            }
        } else {
            scratch.removeAll()
            if let user {
                scratch.append(#"HKU\\S-1-5-21-"#)
                scratch.append(decimal: estate.domainSid.0)
                scratch.append(#"-"#)
                scratch.append(decimal: estate.domainSid.1)
                scratch.append(#"-"#)
                scratch.append(decimal: estate.domainSid.2)
                scratch.append(#"-"#)
                scratch.append(decimal: estate.users[user].rid)
                scratch.append(#"\\Software\\MedSoft\\Praxis\\Session\\LastPatient"#)
                emitter.registrySet(
                    host: host, time: time, image: Images.praxis, processID: windowsPid(), user: userText,
                    target: scratch.view, details: Background.dwordDetails)
            } else {
                scratch.append(#"HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignaturesLastUpdated"#)
                emitter.registrySet(
                    host: host, time: time, image: Images.msMpEng, processID: h(host).lsassPid + 1200, user: userText,
                    target: scratch.view, details: Background.qwordDetails)
            }
        }
    }

    @inline(__always)
    func h(_ host: Int) -> SimulatedHost { estate.hosts[host] }

    /// A workstation or admin workstation with its user.
    mutating func workstation(_ host: Int, at time: Int64, into emitter: inout Emitter) {
        let user = h(host).user ?? 0
        let roll = random.below(100)
        if roll < 16 {
            let templates = h(host).role == .adminWorkstation && random.chance(0.5)
                ? BackgroundCatalog.adminProcesses : BackgroundCatalog.userProcesses
            start(random.pick(templates), host: host, user: user, at: time, into: &emitter)
        } else if roll < 22, takeFileWrite(host, at: time) {
            scratch.removeAll()
            scratch.append(homes[user])
            scratch.append(random.chance(0.5) ? #"Documents\\"# : #"Downloads\\"#)
            scratch.append(random.pick(BackgroundCatalog.documentNames))
            scratch.append(decimal: random.int(in: 1000...99999))
            scratch.append(random.pick(BackgroundCatalog.documentExtensions))
            emitter.fileCreate(
                host: host, time: time, image: random.chance(0.6) ? Images.winword : Images.edge, processID: windowsPid(),
                user: estate.users[user].qualifiedText, target: scratch.view, created: time)
        } else if roll < 25 {
            emitter.logon(
                host: host, time: time, user: user, logonType: 2, address: h(host).addressText,
                workstation: h(host).nameText, port: 0, logonID: sessionLogonIDs[host])
        } else if roll < 35 && h(host).role == .adminWorkstation {
            emitter.networkConnect(
                host: host, time: time, image: Images.edge, processID: windowsPid(),
                user: estate.users[user].qualifiedText, sourcePort: ephemeralPort(),
                destination: Background.konnektor, destinationHostname: Background.konnektorName,
                destinationPort: Estate.konnektorAdminPort)
        } else {
            common(host, user: user, at: time, into: &emitter)
        }
    }

    /// A domain controller: logons, Kerberos tickets (AES), the odd mistyped password.
    mutating func domainController(_ host: Int, at time: Int64, into emitter: inout Emitter) {
        let roll = random.below(100)
        let station = random.pick(estate.workstations)
        let user = h(station).user ?? 0
        if roll < 32 {
            emitter.logon(
                host: host, time: time, user: user, logonType: 3, address: h(station).addressText,
                workstation: h(station).nameText, port: ephemeralPort(), logonID: random.next() & 0xFFFFFF)
        } else if roll < 58 {
            let server = random.pick(estate.windowsServers)
            scratch.removeAll()
            scratch.append(h(server).nameText)
            scratch.append("$")
            emitter.serviceTicket(
                host: host, time: time, userName: estate.users[user].nameText, serviceName: scratch.view,
                serviceRid: 1000 + server, address: h(station).addressText, port: ephemeralPort(), rc4: false)
        } else if roll < 59, takeFailure(user, at: time) {
            emitter.failedLogon(
                host: host, time: time, userName: estate.users[user].nameText, logonType: 3,
                address: h(station).addressText, workstation: h(station).nameText, port: ephemeralPort())
        } else if roll < 61, let admin = estate.admins.first {
            let who = h(admin).user ?? 0
            emitter.logon(
                host: host, time: time, user: who, logonType: 10, address: h(admin).addressText,
                workstation: h(admin).nameText, port: 0, logonID: random.next() & 0xFFFFFF)
        } else {
            common(host, user: nil, at: time, into: &emitter)
        }
    }

    /// A file, database, application or backup server.
    mutating func server(_ host: Int, at time: Int64, into emitter: inout Emitter) {
        let role = h(host).role
        let roll = random.below(100)
        if roll < 25 {
            let station = random.pick(estate.workstations)
            let user = role == .databaseServer ? (estate.user(named: "svc_praxis") ?? 0) : (h(station).user ?? 0)
            let from = role == .databaseServer ? random.pick(estate.applicationServers) : station
            emitter.logon(
                host: host, time: time, user: user, logonType: 3, address: h(from).addressText,
                workstation: h(from).nameText, port: ephemeralPort(), logonID: random.next() & 0xFFFFFF)
        } else if roll < 45 {
            let templates: [ProcessTemplate]
            switch role {
            case .databaseServer: templates = random.chance(0.5) ? BackgroundCatalog.sqlProcesses : BackgroundCatalog.backupProcesses
            case .applicationServer: templates = BackgroundCatalog.appProcesses
            case .backupServer: templates = BackgroundCatalog.backupServerProcesses
            default: templates = BackgroundCatalog.backupProcesses
            }
            start(random.pick(templates), host: host, user: nil, at: time, into: &emitter)
        } else if roll < 55 && role == .fileServer {
            if takeFileWrite(host, at: time) {
                scratch.removeAll()
                scratch.append(random.pick(BackgroundCatalog.shareFolders))
                scratch.append(random.pick(BackgroundCatalog.documentNames))
                scratch.append(decimal: random.int(in: 1000...99999))
                scratch.append(random.pick(BackgroundCatalog.documentExtensions))
                emitter.fileCreate(
                    host: host, time: time, image: Images.system, processID: 4, user: BuiltinUser.system,
                    target: scratch.view, created: time)
            } else {
                common(host, user: nil, at: time, into: &emitter)
            }
        } else if roll < 57, let admin = estate.admins.last {
            emitter.logon(
                host: host, time: time, user: h(admin).user ?? 0, logonType: 10, address: h(admin).addressText,
                workstation: h(admin).nameText, port: 0, logonID: random.next() & 0xFFFFFF)
        } else if roll < 70 && role == .applicationServer {
            emitter.networkConnect(
                host: host, time: time, image: Images.praxisServer, processID: h(host).wmiPid + 400,
                user: BuiltinUser.system, sourcePort: ephemeralPort(), destination: h(sqlHost).addressText,
                destinationHostname: h(sqlHost).computerText, destinationPort: 1433)
        } else {
            common(host, user: nil, at: time, into: &emitter)
        }
    }

    static let konnektor = JSONText(Estate.konnektorAddress)
    static let konnektorName = JSONText("konnektor.medsoft.local")
    static let dwordDetails = JSONText("DWORD (0x0001b2f4)")
    static let qwordDetails = JSONText("QWORD (0x01db3d6f-0x8a4c2e10)")
}
