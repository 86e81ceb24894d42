/// Linux (auditd, syslog) and firewall events: flat JSON objects.
extension Emitter {
    /// `{"timestamp":"…","host":"…","product":"linux","service":"auditd"` or `"syslog"`.
    @inline(__always)
    mutating func beginLinux(host: Int, time: Int64, syslog: Bool) {
        linux.append(#"{"timestamp":""#)
        SimulatedTime.append(time, iso: true, to: &linux)
        linux.append(#"","host":""#)
        linux.append(estate.hosts[host].nameText)
        linux.append(syslog ? #"","product":"linux","service":"syslog""# : #"","product":"linux","service":"auditd""#)
    }

    @inline(__always)
    mutating func linuxField(_ name: StaticString, _ value: JSONText) {
        linux.append(#",""#)
        linux.append(name)
        linux.append(#"":""#)
        linux.append(value)
        linux.append(byte: UInt8(ascii: "\""))
    }

    @inline(__always)
    mutating func linuxField(_ name: StaticString, number: Int) {
        linux.append(#",""#)
        linux.append(name)
        linux.append(#"":"#)
        linux.append(decimal: number)
    }

    @inline(__always)
    mutating func endLinux() {
        linux.append("}\n")
        lines[1] += 1
    }

    /// An auditd EXECVE record: a process started.
    mutating func execve(
        host: Int, time: Int64, image: JSONText, commandLine: JSONText, parentImage: JSONText, user: JSONText,
        processID: Int, parentProcessID: Int
    ) {
        beginLinux(host: host, time: time, syslog: false)
        linux.append(#","type":"EXECVE""#)
        linuxField("Image", image)
        linuxField("CommandLine", commandLine)
        linuxField("ParentImage", parentImage)
        linuxField("User", user)
        linuxField("ProcessId", number: processID)
        linuxField("ParentProcessId", number: parentProcessID)
        endLinux()
    }

    /// An auditd PATH record: a file written.
    mutating func pathWrite(host: Int, time: Int64, target: JSONText, image: JSONText, user: JSONText, processID: Int) {
        beginLinux(host: host, time: time, syslog: false)
        linux.append(#","type":"PATH""#)
        linuxField("TargetFilename", target)
        linuxField("Image", image)
        linuxField("User", user)
        linuxField("ProcessId", number: processID)
        linux.append(#","nametype":"CREATE""#)
        endLinux()
    }

    /// A syslog line of `program`; `message` already escaped.
    mutating func syslog(
        host: Int, time: Int64, program: StaticString, facility: StaticString = "auth", processID: Int, message: JSONText
    ) {
        beginLinux(host: host, time: time, syslog: true)
        linux.append(#","program":""#)
        linux.append(program)
        linux.append(#"","pid":"#)
        linux.append(decimal: processID)
        linux.append(#","facility":""#)
        linux.append(facility)
        linux.append(byte: UInt8(ascii: "\""))
        linuxField("message", message)
        endLinux()
    }

    /// A firewall flow record of fw01.
    mutating func flow(
        time: Int64, source: JSONText, sourceHost: JSONText, sourcePort: Int, destination: JSONText, port: Int,
        udp: Bool = false, bytesOut: Int, bytesIn: Int
    ) {
        firewall.append(#"{"timestamp":""#)
        SimulatedTime.append(time, iso: true, to: &firewall)
        firewall.append(#"","host":"fw01","product":"firewall","src_ip":""#)
        firewall.append(source)
        firewall.append(#"","src_host":""#)
        firewall.append(sourceHost)
        firewall.append(#"","src_port":"#)
        firewall.append(decimal: sourcePort)
        firewall.append(#","dst_ip":""#)
        firewall.append(destination)
        firewall.append(#"","dst_port":"#)
        firewall.append(decimal: port)
        firewall.append(udp ? #","protocol":"udp","bytes_out":"# : #","protocol":"tcp","bytes_out":"#)
        firewall.append(decimal: bytesOut)
        firewall.append(#","bytes_in":"#)
        firewall.append(decimal: bytesIn)
        firewall.append(#","action":"allow"}"#)
        firewall.append("\n")
        lines[2] += 1
    }
}
