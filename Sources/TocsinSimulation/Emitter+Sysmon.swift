/// Sysmon events (Microsoft-Windows-Sysmon/Operational), fields in the order Sysmon 15 writes them.
extension Emitter {
    /// Event 1, process creation.
    mutating func processCreate(_ process: ProcessStart, host: Int, time: Int64) {
        begin(.sysmon, 1, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time, salt: nextGuidSalt(host: host))
        windows.field("ProcessId", decimal: process.processID)
        windows.field("Image", process.image.path)
        windows.field("FileVersion", process.image.fileVersion)
        windows.field("Description", process.image.description)
        windows.field("Product", process.image.product)
        windows.field("Company", process.image.company)
        windows.field("OriginalFileName", process.image.originalFileName)
        windows.field("CommandLine", process.commandLine)
        windows.field("CurrentDirectory", process.currentDirectory)
        windows.field("User", process.user)
        windows.append(#","LogonGuid":""#)
        appendProcessGuid(host: host, time: process.parentStart, salt: process.logonID)
        windows.append(byte: UInt8(ascii: "\""))
        windows.field("LogonId", hex: process.logonID)
        windows.field("TerminalSessionId", decimal: process.session)
        windows.field("IntegrityLevel", process.integrity)
        windows.field("Hashes", process.image.hashes)
        guidField("ParentProcessGuid", host: host, time: process.parentStart, salt: UInt64(process.parentProcessID))
        windows.field("ParentProcessId", decimal: process.parentProcessID)
        windows.field("ParentImage", process.parent.path)
        windows.field("ParentCommandLine", process.parentCommandLine)
        windows.field("ParentUser", process.user)
        end()
    }

    /// Event 3, network connection (outbound, TCP unless `udp`).
    mutating func networkConnect(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, sourcePort: Int,
        destination: JSONText, destinationHostname: JSONText, destinationPort: Int, udp: Bool = false
    ) {
        begin(.sysmon, 3, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 600_000, salt: UInt64(processID))
        windows.field("ProcessId", decimal: processID)
        windows.field("Image", image.path)
        windows.field("User", user)
        windows.field("Protocol", udp ? "udp" : "tcp")
        windows.field("Initiated", "true")
        windows.field("SourceIsIpv6", "false")
        windows.field("SourceIp", estate.hosts[host].addressText)
        windows.field("SourceHostname", estate.hosts[host].computerText)
        windows.field("SourcePort", decimal: sourcePort)
        windows.field("SourcePortName", "-")
        windows.field("DestinationIsIpv6", "false")
        windows.field("DestinationIp", destination)
        windows.field("DestinationHostname", destinationHostname)
        windows.field("DestinationPort", decimal: destinationPort)
        windows.field("DestinationPortName", destinationPort == 443 ? "https" : "-")
        end()
    }

    /// Event 22, DNS query.
    mutating func dnsQuery(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, query: JSONText, results: JSONText
    ) {
        begin(.sysmon, 22, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 900_000, salt: UInt64(processID))
        windows.field("ProcessId", decimal: processID)
        windows.field("QueryName", query)
        windows.field("QueryStatus", "0")
        windows.field("QueryResults", results)
        windows.field("Image", image.path)
        windows.field("User", user)
        end()
    }

    /// Event 11, file created.
    mutating func fileCreate(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, target: JSONText, created: Int64
    ) {
        begin(.sysmon, 11, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 1_800_000, salt: UInt64(processID))
        windows.field("ProcessId", decimal: processID)
        windows.field("Image", image.path)
        windows.field("TargetFilename", target)
        windows.field("CreationUtcTime", utcTime: created)
        windows.field("User", user)
        end()
    }

    /// Event 7, image loaded.
    mutating func imageLoad(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, loaded: ProcessImage,
        signature: StaticString
    ) {
        begin(.sysmon, 7, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 60_000, salt: UInt64(processID))
        windows.field("ProcessId", decimal: processID)
        windows.field("Image", image.path)
        windows.field("ImageLoaded", loaded.path)
        windows.field("FileVersion", loaded.fileVersion)
        windows.field("Description", loaded.description)
        windows.field("Product", loaded.product)
        windows.field("Company", loaded.company)
        windows.field("OriginalFileName", loaded.originalFileName)
        windows.field("Hashes", loaded.hashes)
        windows.field("Signed", "true")
        windows.field("Signature", signature)
        windows.field("SignatureStatus", "Valid")
        windows.field("User", user)
        end()
    }

    /// Event 13, registry value set.
    mutating func registrySet(
        host: Int, time: Int64, image: ProcessImage, processID: Int, user: JSONText, target: JSONText, details: JSONText
    ) {
        begin(.sysmon, 13, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("EventType", "SetValue")
        windows.field("UtcTime", utcTime: time)
        guidField("ProcessGuid", host: host, time: time - 300_000, salt: UInt64(processID))
        windows.field("ProcessId", decimal: processID)
        windows.field("Image", image.path)
        windows.field("TargetObject", target)
        windows.field("Details", details)
        windows.field("User", user)
        end()
    }

    /// Event 10, process accessed.
    mutating func processAccess(
        host: Int, time: Int64, source: ProcessImage, sourceID: Int, sourceUser: JSONText, target: ProcessImage,
        targetID: Int, access: StaticString, callTrace: StaticString
    ) {
        begin(.sysmon, 10, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("UtcTime", utcTime: time)
        guidField("SourceProcessGUID", host: host, time: time - 120_000, salt: UInt64(sourceID))
        windows.field("SourceProcessId", decimal: sourceID)
        windows.field("SourceThreadId", decimal: sourceID + 4 * 37)
        windows.field("SourceImage", source.path)
        guidField("TargetProcessGUID", host: host, time: time - 86_400_000, salt: UInt64(targetID))
        windows.field("TargetProcessId", decimal: targetID)
        windows.field("TargetImage", target.path)
        windows.field("GrantedAccess", access)
        windows.field("CallTrace", callTrace)
        windows.field("SourceUser", sourceUser)
        windows.field("TargetUser", BuiltinUser.system)
        end()
    }

    /// Events 19, 20 and 21: a WMI event filter, consumer, and their binding.
    mutating func wmiActivity(_ eventID: Int, host: Int, time: Int64, user: JSONText, fields: [(StaticString, String)]) {
        begin(.sysmon, eventID, host: host, time: time)
        windows.field("RuleName", "-", first: true)
        windows.field("EventType", eventID == 19 ? "WmiFilterEvent" : eventID == 20 ? "WmiConsumerEvent" : "WmiBindingEvent")
        windows.field("UtcTime", utcTime: time)
        windows.field("Operation", "Created")
        windows.field("User", user)
        for (name, value) in fields { windows.field(name, escaping: value) }
        end()
    }
}
