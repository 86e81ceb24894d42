/// Benign Linux activity and firewall flows.
extension Background {
    static let deploy = JSONText("deploy")
    static let root = JSONText("root")
    static let wwwData = JSONText("www-data")
    static let postgres = JSONText("postgres")
    static let bash = JSONText("/usr/bin/bash")
    static let cron = JSONText("/usr/sbin/cron")
    static let sshd = JSONText("/usr/sbin/sshd")
    static let backupScript = JSONText("/usr/local/bin/backup.sh")
    static let cronMessage = JSONText("(root) CMD (/usr/local/bin/backup.sh)")
    static let sudoMessage = JSONText(
        "deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart praxis-api")
    static let sessionMessage = JSONText("pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)")

    /// Linux processes: (image, command line, parent image, user).
    static let linuxProcesses: [(JSONText, JSONText, JSONText, JSONText)] = [
        ("/usr/bin/python3", "/usr/bin/python3 /srv/praxis-api/worker.py --queue reminders", "/usr/lib/systemd/systemd", "deploy"),
        ("/usr/bin/git", "git -C /srv/praxis-api pull --ff-only", "/usr/bin/bash", "deploy"),
        ("/usr/bin/systemctl", "systemctl status praxis-api", "/usr/bin/bash", "deploy"),
        ("/usr/bin/tar", "tar czf /var/backups/praxis-api-config.tar.gz /etc/praxis-api", "/usr/local/bin/backup.sh", "root"),
        ("/usr/bin/gzip", "gzip -9 /var/log/praxis-api/worker.log.1", "/usr/sbin/logrotate", "root"),
        ("/usr/sbin/logrotate", "/usr/sbin/logrotate /etc/logrotate.conf", "/usr/lib/systemd/systemd", "root"),
        ("/usr/bin/bash", "-bash", "/usr/sbin/sshd", "deploy"),
        ("/usr/bin/ls", "ls -la /srv/praxis-api/releases", "/usr/bin/bash", "deploy"),
    ].map { (JSONText($0.0), JSONText($0.1), JSONText($0.2), JSONText($0.3)) }
    static let databaseProcesses: [(JSONText, JSONText, JSONText, JSONText)] = [
        ("/usr/bin/pg_dump", "pg_dump -Fc -f /var/backups/praxis.dump praxis", "/usr/local/bin/backup.sh", "postgres"),
        ("/usr/lib/postgresql/16/bin/postgres", "postgres: 16/main: autovacuum worker praxis", "/usr/lib/postgresql/16/bin/postgres", "postgres"),
    ].map { (JSONText($0.0), JSONText($0.1), JSONText($0.2), JSONText($0.3)) }
    static let webProcesses: [(JSONText, JSONText, JSONText, JSONText)] = [
        ("/usr/sbin/nginx", "nginx: worker process", "/usr/sbin/nginx", "www-data"),
        ("/usr/bin/certbot", "/usr/bin/certbot -q renew", "/usr/lib/systemd/systemd", "root"),
    ].map { (JSONText($0.0), JSONText($0.1), JSONText($0.2), JSONText($0.3)) }
    static let linuxWrites: [(JSONText, JSONText, JSONText)] = [
        ("/var/backups/praxis-api-config.tar.gz", "/usr/bin/tar", "root"),
        ("/var/log/praxis-api/worker.log", "/usr/bin/python3", "deploy"),
        ("/srv/praxis-api/releases/current/VERSION", "/usr/bin/git", "deploy"),
        ("/var/backups/praxis.dump", "/usr/bin/pg_dump", "postgres"),
    ].map { (JSONText($0.0), JSONText($0.1), JSONText($0.2)) }

    @inline(__always)
    mutating func linuxPid() -> Int { random.int(in: 1200...398_000) }

    /// A Linux server: auditd process starts and file writes, sshd logons by `deploy`, cron, sudo.
    mutating func linux(_ host: Int, at time: Int64, into emitter: inout Emitter) {
        let roll = random.below(100)
        if roll < 40 {
            let table: [(JSONText, JSONText, JSONText, JSONText)]
            switch h(host).role {
            case .linuxDatabase: table = random.chance(0.5) ? Background.databaseProcesses : Background.linuxProcesses
            case .linuxWeb: table = random.chance(0.5) ? Background.webProcesses : Background.linuxProcesses
            default: table = Background.linuxProcesses
            }
            let (image, commandLine, parent, user) = random.pick(table)
            emitter.execve(
                host: host, time: time, image: image, commandLine: commandLine, parentImage: parent, user: user,
                processID: linuxPid(), parentProcessID: linuxPid())
        } else if roll < 55 {
            let (target, image, user) = random.pick(Background.linuxWrites)
            emitter.pathWrite(host: host, time: time, target: target, image: image, user: user, processID: linuxPid())
        } else if roll < 70 {
            let from = estate.admins.isEmpty ? host : random.pick(estate.admins)
            scratch.removeAll()
            scratch.append("Accepted publickey for deploy from ")
            scratch.append(h(from).addressText)
            scratch.append(" port ")
            scratch.append(decimal: ephemeralPort())
            scratch.append(" ssh2: ED25519 SHA256:q8Xx0kH3mV2pLr7Tn4bWc9YzUeA1sJfG6dK5oNiRtMw")
            emitter.syslog(host: host, time: time, program: "sshd", processID: linuxPid(), message: scratch.view)
        } else if roll < 76 {
            emitter.syslog(host: host, time: time, program: "sshd", processID: linuxPid(), message: Background.sessionMessage)
        } else if roll < 86 {
            emitter.syslog(host: host, time: time, program: "cron", facility: "cron", processID: linuxPid(), message: Background.cronMessage)
        } else if roll < 94 {
            emitter.execve(
                host: host, time: time, image: Background.bash, commandLine: Background.backupScript,
                parentImage: Background.cron, user: Background.root, processID: linuxPid(), parentProcessID: linuxPid())
        } else {
            emitter.syslog(host: host, time: time, program: "sudo", facility: "authpriv", processID: linuxPid(), message: Background.sudoMessage)
        }
    }

    /// A flow through fw01 from `host`, to where its role talks to.
    mutating func flow(at time: Int64, host: Int, into emitter: inout Emitter) {
        let source = h(host)
        var destination: JSONText
        var port = 443
        var wanted: Int
        var udp = false
        switch source.role {
        case .workstation:
            let roll = random.below(10)
            if roll < 6 {
                destination = random.pick(BackgroundCatalog.externalEndpoints).0
                wanted = random.int(in: 600...48_000)
            } else if roll < 8, let app = estate.applicationServers.first {
                destination = h(random.chance(0.7) ? app : random.pick(estate.applicationServers)).addressText
                port = 8090
                wanted = random.int(in: 400...20_000)
            } else if roll < 9 {
                destination = h(fileServer).addressText
                port = 445
                wanted = random.int(in: 2_000...400_000)
            } else {
                destination = random.pick(domainControllerAddresses)
                port = random.chance(0.5) ? 389 : 53
                udp = port == 53
                wanted = random.int(in: 80...2_000)
            }
        case .adminWorkstation:
            let roll = random.below(4)
            if roll < 2 {
                destination = Background.konnektor
                port = Estate.konnektorAdminPort
            } else if roll < 3, !estate.linuxHosts.isEmpty {
                destination = h(random.pick(estate.linuxHosts)).addressText
                port = 22
            } else {
                destination = h(random.pick(estate.windowsServers)).addressText
                port = 3389
            }
            wanted = random.int(in: 800...60_000)
        case .applicationServer:
            destination = random.chance(0.7) ? h(sqlHost).addressText : random.pick(BackgroundCatalog.externalEndpoints).0
            port = random.chance(0.7) ? 1433 : 443
            wanted = random.int(in: 500...90_000)
        case .backupServer:
            destination = h(random.pick(estate.windowsServers)).addressText
            port = 2500 + random.below(100)
            wanted = random.int(in: 5_000...400_000)
        case .linuxApplication, .linuxWeb:
            if let database = estate.linuxHosts.first(where: { h($0).role == .linuxDatabase }), random.chance(0.6) {
                destination = h(database).addressText
                port = 5432
            } else {
                destination = Background.ubuntuMirror
            }
            wanted = random.int(in: 300...30_000)
        default:
            destination = random.pick(BackgroundCatalog.externalEndpoints).0
            wanted = random.int(in: 500...40_000)
        }
        let bytesOut = takeBytes(host, at: time, wanted: wanted)
        emitter.flow(
            time: time, source: source.addressText, sourceHost: source.nameText, sourcePort: ephemeralPort(),
            destination: destination, port: port, udp: udp, bytesOut: bytesOut, bytesIn: random.int(in: 200...2_000_000))
    }

    static let ubuntuMirror = JSONText("91.189.91.83")
}
