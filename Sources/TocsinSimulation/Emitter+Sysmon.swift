/// Sysmon events (Microsoft-Windows-Sysmon/Operational), fields in the order Sysmon 15 writes them.
extension Emitter {
    /// Event 1, process creation.
    mutating func processCreate(_ process: ProcessStart, host: Int, time: Int64) {
        begin(.sysmon, 1, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time, salt: nextGuidSalt(host: host))
        windows.put(#","ProcessId":""#, decimal: process.processID)
        windows.put(#","Image":""#, process.image.path)
        windows.put(#","FileVersion":""#, process.image.fileVersion)
        windows.put(#","Description":""#, process.image.description)
        windows.put(#","Product":""#, process.image.product)
        windows.put(#","Company":""#, process.image.company)
        windows.put(#","OriginalFileName":""#, process.image.originalFileName)
        windows.put(#","CommandLine":""#, process.commandLine)
        windows.put(#","CurrentDirectory":""#, process.currentDirectory)
        windows.put(#","User":""#, process.user)
        windows.append(#","LogonGuid":""#)
        appendProcessGuid(host: host, time: process.parentStart, salt: process.logonID)
        windows.append(byte: UInt8(ascii: "\""))
        windows.put(#","LogonId":""#, hex: process.logonID)
        windows.put(#","TerminalSessionId":""#, decimal: process.session)
        windows.put(#","IntegrityLevel":""#, process.integrity)
        windows.put(#","Hashes":""#, process.image.hashes)
        guidField("ParentProcessGuid", host: host, time: process.parentStart, salt: UInt64(process.parentProcessID))
        windows.put(#","ParentProcessId":""#, decimal: process.parentProcessID)
        windows.put(#","ParentImage":""#, process.parent.path)
        windows.put(#","ParentCommandLine":""#, process.parentCommandLine)
        windows.put(#","ParentUser":""#, process.user)
        end()
    }

    /// Event 3, network connection (outbound, TCP unless `udp`).
    mutating func networkConnect(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, sourcePort: Int,
        destination: JSONText, destinationHostname: JSONText, destinationPort: Int, udp: Bool = false
    ) {
        begin(.sysmon, 3, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 600_000, salt: UInt64(processID))
        windows.put(#","ProcessId":""#, decimal: processID)
        windows.put(#","Image":""#, image.path)
        windows.put(#","User":""#, user)
        windows.put(#","Protocol":""#, udp ? "udp" : "tcp")
        windows.put(#","Initiated":""#, "true")
        windows.put(#","SourceIsIpv6":""#, "false")
        windows.put(#","SourceIp":""#, estate.hosts[host].addressText)
        windows.put(#","SourceHostname":""#, estate.hosts[host].computerText)
        windows.put(#","SourcePort":""#, decimal: sourcePort)
        windows.put(#","SourcePortName":""#, "-")
        windows.put(#","DestinationIsIpv6":""#, "false")
        windows.put(#","DestinationIp":""#, destination)
        windows.put(#","DestinationHostname":""#, destinationHostname)
        windows.put(#","DestinationPort":""#, decimal: destinationPort)
        windows.put(#","DestinationPortName":""#, destinationPort == 443 ? "https" : "-")
        end()
    }

    /// Event 22, DNS query.
    mutating func dnsQuery(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, query: JSONText, results: JSONText
    ) {
        begin(.sysmon, 22, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 900_000, salt: UInt64(processID))
        windows.put(#","ProcessId":""#, decimal: processID)
        windows.put(#","QueryName":""#, query)
        windows.put(#","QueryStatus":""#, "0")
        windows.put(#","QueryResults":""#, results)
        windows.put(#","Image":""#, image.path)
        windows.put(#","User":""#, user)
        end()
    }

    /// Event 11, file created.
    mutating func fileCreate(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, target: JSONText, created: Int64
    ) {
        begin(.sysmon, 11, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 1_800_000, salt: UInt64(processID))
        windows.put(#","ProcessId":""#, decimal: processID)
        windows.put(#","Image":""#, image.path)
        windows.put(#","TargetFilename":""#, target)
        windows.put(#","CreationUtcTime":""#, utcTime: created)
        windows.put(#","User":""#, user)
        end()
    }

    /// Event 7, image loaded.
    mutating func imageLoad(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, loaded: ProcessImage,
        signature: StaticString
    ) {
        begin(.sysmon, 7, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 60_000, salt: UInt64(processID))
        windows.put(#","ProcessId":""#, decimal: processID)
        windows.put(#","Image":""#, image.path)
        windows.put(#","ImageLoaded":""#, loaded.path)
        windows.put(#","FileVersion":""#, loaded.fileVersion)
        windows.put(#","Description":""#, loaded.description)
        windows.put(#","Product":""#, loaded.product)
        windows.put(#","Company":""#, loaded.company)
        windows.put(#","OriginalFileName":""#, loaded.originalFileName)
        windows.put(#","Hashes":""#, loaded.hashes)
        windows.put(#","Signed":""#, "true")
        windows.put(#","Signature":""#, signature)
        windows.put(#","SignatureStatus":""#, "Valid")
        windows.put(#","User":""#, user)
        end()
    }

    /// Event 13, registry value set.
    mutating func registrySet(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, target: JSONText, details: JSONText
    ) {
        begin(.sysmon, 13, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","EventType":""#, "SetValue")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 300_000, salt: UInt64(processID))
        windows.put(#","ProcessId":""#, decimal: processID)
        windows.put(#","Image":""#, image.path)
        windows.put(#","TargetObject":""#, target)
        windows.put(#","Details":""#, details)
        windows.put(#","User":""#, user)
        end()
    }

    /// Event 10, process accessed.
    mutating func processAccess(
        host: Int, time: Int64, source: ProcessImage, sourceID: Int, sourceUser: JSONText, target: ProcessImage,
        targetID: Int, access: StaticString, callTrace: StaticString
    ) {
        begin(.sysmon, 10, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","UtcTime":""#, utcTime: time)
        guidField("SourceProcessGUID", host: host, time: time - 120_000, salt: UInt64(sourceID))
        windows.put(#","SourceProcessId":""#, decimal: sourceID)
        windows.put(#","SourceThreadId":""#, decimal: sourceID + 4 * 37)
        windows.put(#","SourceImage":""#, source.path)
        guidField("TargetProcessGUID", host: host, time: time - 86_400_000, salt: UInt64(targetID))
        windows.put(#","TargetProcessId":""#, decimal: targetID)
        windows.put(#","TargetImage":""#, target.path)
        windows.put(#","GrantedAccess":""#, access)
        windows.put(#","CallTrace":""#, callTrace)
        windows.put(#","SourceUser":""#, sourceUser)
        windows.put(#","TargetUser":""#, BuiltinUser.system)
        end()
    }

    /// Events 19, 20 and 21: a WMI event filter, consumer, and their binding.
    mutating func wmiActivity(_ eventID: Int, host: Int, time: Int64, user: JSONText, fields: [(StaticString, String)]) {
        begin(.sysmon, eventID, host: host, time: time)
        windows.put(#""RuleName":""#, "-")
        windows.put(#","EventType":""#, eventID == 19 ? "WmiFilterEvent" : eventID == 20 ? "WmiConsumerEvent" : "WmiBindingEvent")
        windows.put(#","UtcTime":""#, utcTime: time)
        windows.put(#","Operation":""#, "Created")
        windows.put(#","User":""#, user)
        for (name, value) in fields { windows.field(name, escaping: value) }
        end()
    }
}
