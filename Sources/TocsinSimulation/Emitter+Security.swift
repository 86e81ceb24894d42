/// Security audit, System, Defender and PowerShell events.
extension Emitter {
    /// `"name":"S-1-5-21-a-b-c-rid"` for the domain or a machine.
    mutating func sidField(_ name: StaticString, _ authority: (UInt64, UInt64, UInt64), rid: Int) {
        windows.append(#",""#)
        windows.append(name)
        windows.append(#"":"S-1-5-21-"#)
        windows.append(decimal: authority.0)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(decimal: authority.1)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(decimal: authority.2)
        windows.append(byte: UInt8(ascii: "-"))
        windows.append(decimal: rid)
        windows.append(byte: UInt8(ascii: "\""))
    }

    /// 4624, an account logged on.
    mutating func logon(
        host: Int, time: Int64, user: Int, logonType: Int, address: JSONText, workstation: JSONText, port: Int,
        logonID: UInt64
    ) {
        let account = estate.users[user]
        begin(.security, 4624, level: 0, host: host, time: time)
        windows.put(#""SubjectUserSid":""#, logonType == 2 ? "S-1-5-18" : "S-1-0-0")
        windows.put(#","SubjectUserName":""#, "-")
        windows.put(#","SubjectDomainName":""#, "-")
        windows.put(#","SubjectLogonId":""#, logonType == 2 ? "0x3e7" : "0x0")
        sidField("TargetUserSid", estate.domainSid, rid: account.rid)
        windows.put(#","TargetUserName":""#, account.nameText)
        windows.put(#","TargetDomainName":""#, "MEDSOFT")
        windows.put(#","TargetLogonId":""#, hex: logonID)
        windows.put(#","LogonType":""#, decimal: logonType)
        if logonType == 3 {
            windows.put(#","LogonProcessName":""#, "Kerberos")
            windows.put(#","AuthenticationPackageName":""#, "Kerberos")
        } else {
            windows.put(#","LogonProcessName":""#, "User32 ")
            windows.put(#","AuthenticationPackageName":""#, "Negotiate")
        }
        windows.put(#","WorkstationName":""#, workstation)
        windows.put(#","LogonGuid":""#, "{00000000-0000-0000-0000-000000000000}")
        windows.put(#","TransmittedServices":""#, "-")
        windows.put(#","LmPackageName":""#, "-")
        windows.put(#","KeyLength":""#, "0")
        if logonType == 3 {
            windows.put(#","ProcessId":""#, "0x0")
            windows.put(#","ProcessName":""#, "-")
        } else {
            windows.put(#","ProcessId":""#, hex: UInt64(estate.hosts[host].lsassPid + 4 * 113))
            windows.put(#","ProcessName":""#, #"C:\\Windows\\System32\\svchost.exe"#)
        }
        windows.put(#","IpAddress":""#, address)
        windows.put(#","IpPort":""#, decimal: port)
        windows.put(#","ImpersonationLevel":""#, "%%1833")
        windows.put(#","RestrictedAdminMode":""#, logonType == 10 ? "%%1843" : "-")
        windows.put(#","VirtualAccount":""#, "%%1843")
        windows.put(#","ElevatedToken":""#, logonType == 10 ? "%%1842" : "%%1843")
        end()
    }

    /// 4625, an account failed to log on (wrong password: 0xc000006d / 0xc000006a).
    mutating func failedLogon(
        host: Int, time: Int64, userName: JSONText, logonType: Int, address: JSONText, workstation: JSONText, port: Int
    ) {
        begin(.security, 4625, level: 0, host: host, time: time)
        windows.put(#""SubjectUserSid":""#, "S-1-0-0")
        windows.put(#","SubjectUserName":""#, "-")
        windows.put(#","SubjectDomainName":""#, "-")
        windows.put(#","SubjectLogonId":""#, "0x0")
        windows.put(#","TargetUserSid":""#, "S-1-0-0")
        windows.put(#","TargetUserName":""#, userName)
        windows.put(#","TargetDomainName":""#, "MEDSOFT")
        windows.put(#","Status":""#, "0xc000006d")
        windows.put(#","FailureReason":""#, "%%2313")
        windows.put(#","SubStatus":""#, "0xc000006a")
        windows.put(#","LogonType":""#, decimal: logonType)
        windows.put(#","LogonProcessName":""#, "NtLmSsp ")
        windows.put(#","AuthenticationPackageName":""#, "NTLM")
        windows.put(#","WorkstationName":""#, workstation)
        windows.put(#","TransmittedServices":""#, "-")
        windows.put(#","LmPackageName":""#, "-")
        windows.put(#","KeyLength":""#, "0")
        windows.put(#","ProcessId":""#, "0x0")
        windows.put(#","ProcessName":""#, "-")
        windows.put(#","IpAddress":""#, address)
        windows.put(#","IpPort":""#, decimal: port)
        end()
    }

    /// 4769, a Kerberos service ticket was requested; `rc4` gives TicketEncryptionType 0x17, otherwise AES (0x12).
    mutating func serviceTicket(
        host: Int, time: Int64, userName: JSONText, serviceName: JSONText, serviceRid: Int, address: JSONText, port: Int,
        rc4: Bool
    ) {
        begin(.security, 4769, level: 0, host: host, time: time)
        windows.append(#""TargetUserName":""#)
        windows.append(userName)
        windows.append(#"@MEDSOFT.LOCAL""#)
        windows.put(#","TargetDomainName":""#, "MEDSOFT.LOCAL")
        windows.put(#","ServiceName":""#, serviceName)
        sidField("ServiceSid", estate.domainSid, rid: serviceRid)
        windows.put(#","TicketOptions":""#, rc4 ? "0x40810010" : "0x40810000")
        windows.put(#","TicketEncryptionType":""#, rc4 ? "0x17" : "0x12")
        windows.append(#","IpAddress":"::ffff:"#)
        windows.append(address)
        windows.append(byte: UInt8(ascii: "\""))
        windows.put(#","IpPort":""#, decimal: port)
        windows.put(#","Status":""#, "0x0")
        windows.put(#","LogonGuid":""#, "{6b2c1d7e-3f0a-8e4b-91c2-5d7a0e3f4b18}")
        windows.put(#","TransmittedServices":""#, "-")
        end()
    }

    /// An event of `log` whose EventData fields are given as text (the attack's rarer events).
    mutating func plainEvent(
        _ log: WindowsLog, _ eventID: Int, level: Int = 4, host: Int, time: Int64, fields: [(StaticString, String)],
        userData: StaticString? = nil
    ) {
        begin(log, eventID, level: level, host: host, time: time, userData: userData)
        for (index, (name, value)) in fields.enumerated() {
            windows.field(name, escaping: value, first: index == 0)
        }
        end(userData: userData != nil)
    }
}
