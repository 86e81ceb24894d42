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
        windows.field("SubjectUserSid", logonType == 2 ? "S-1-5-18" : "S-1-0-0", first: true)
        windows.field("SubjectUserName", "-")
        windows.field("SubjectDomainName", "-")
        windows.field("SubjectLogonId", logonType == 2 ? "0x3e7" : "0x0")
        sidField("TargetUserSid", estate.domainSid, rid: account.rid)
        windows.field("TargetUserName", account.nameText)
        windows.field("TargetDomainName", "MEDSOFT")
        windows.field("TargetLogonId", hex: logonID)
        windows.field("LogonType", decimal: logonType)
        if logonType == 3 {
            windows.field("LogonProcessName", "Kerberos")
            windows.field("AuthenticationPackageName", "Kerberos")
        } else {
            windows.field("LogonProcessName", "User32 ")
            windows.field("AuthenticationPackageName", "Negotiate")
        }
        windows.field("WorkstationName", workstation)
        windows.field("LogonGuid", "{00000000-0000-0000-0000-000000000000}")
        windows.field("TransmittedServices", "-")
        windows.field("LmPackageName", "-")
        windows.field("KeyLength", "0")
        if logonType == 3 {
            windows.field("ProcessId", "0x0")
            windows.field("ProcessName", "-")
        } else {
            windows.field("ProcessId", hex: UInt64(estate.hosts[host].lsassPid + 4 * 113))
            windows.field("ProcessName", #"C:\\Windows\\System32\\svchost.exe"#)
        }
        windows.field("IpAddress", address)
        windows.field("IpPort", decimal: port)
        windows.field("ImpersonationLevel", "%%1833")
        windows.field("RestrictedAdminMode", logonType == 10 ? "%%1843" : "-")
        windows.field("VirtualAccount", "%%1843")
        windows.field("ElevatedToken", logonType == 10 ? "%%1842" : "%%1843")
        end()
    }

    /// 4625, an account failed to log on (wrong password: 0xc000006d / 0xc000006a).
    mutating func failedLogon(
        host: Int, time: Int64, userName: JSONText, logonType: Int, address: JSONText, workstation: JSONText, port: Int
    ) {
        begin(.security, 4625, level: 0, host: host, time: time)
        windows.field("SubjectUserSid", "S-1-0-0", first: true)
        windows.field("SubjectUserName", "-")
        windows.field("SubjectDomainName", "-")
        windows.field("SubjectLogonId", "0x0")
        windows.field("TargetUserSid", "S-1-0-0")
        windows.field("TargetUserName", userName)
        windows.field("TargetDomainName", "MEDSOFT")
        windows.field("Status", "0xc000006d")
        windows.field("FailureReason", "%%2313")
        windows.field("SubStatus", "0xc000006a")
        windows.field("LogonType", decimal: logonType)
        windows.field("LogonProcessName", "NtLmSsp ")
        windows.field("AuthenticationPackageName", "NTLM")
        windows.field("WorkstationName", workstation)
        windows.field("TransmittedServices", "-")
        windows.field("LmPackageName", "-")
        windows.field("KeyLength", "0")
        windows.field("ProcessId", "0x0")
        windows.field("ProcessName", "-")
        windows.field("IpAddress", address)
        windows.field("IpPort", decimal: port)
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
        windows.field("TargetDomainName", "MEDSOFT.LOCAL")
        windows.field("ServiceName", serviceName)
        sidField("ServiceSid", estate.domainSid, rid: serviceRid)
        windows.field("TicketOptions", rc4 ? "0x40810010" : "0x40810000")
        windows.field("TicketEncryptionType", rc4 ? "0x17" : "0x12")
        windows.append(#","IpAddress":"::ffff:"#)
        windows.append(address)
        windows.append(byte: UInt8(ascii: "\""))
        windows.field("IpPort", decimal: port)
        windows.field("Status", "0x0")
        windows.field("LogonGuid", "{6b2c1d7e-3f0a-8e4b-91c2-5d7a0e3f4b18}")
        windows.field("TransmittedServices", "-")
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
