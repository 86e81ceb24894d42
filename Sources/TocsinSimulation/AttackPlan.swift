/// Builds the attack's events on a clock that moves at an operator's pace, step by step.
struct AttackPlan {
    let estate: Estate
    var random: SimulationRandom
    /// Milliseconds since the attack's first event.
    var clock: Int64 = 0
    /// The attack's planned span (the steps' slots are fractions of it).
    let span: Int64
    /// The usual pause between two commands of the operator.
    let pace: Int64
    var events: [AttackEvent] = []
    var step: AttackStep = .initialAccess

    /// Holds the attack's texts until the run ends.
    let store: TextStore

    init(estate: Estate, span: Int64, store: TextStore, random: SimulationRandom) {
        self.estate = estate
        self.store = store
        self.span = span
        self.random = random
        pace = min(max(span / 150, 2_000), 45_000)
    }

    /// Moves on to `step`: to its slot in the span, and at least a few pauses after the last event.
    mutating func begin(_ step: AttackStep) {
        self.step = step
        let jitter = Int64(random.int(in: -15...15)) * span / 1000
        let slot = Int64(step.slot * Double(span)) + (step == .initialAccess ? 0 : jitter)
        clock = max(clock + 2 * pace, slot)
    }

    /// Waits about one operator pause (half to one and a half).
    mutating func pause() {
        clock += pace / 2 + Int64(random.below(Int(pace)))
    }

    /// Waits `low`…`high` milliseconds.
    mutating func wait(_ low: Int, _ high: Int) {
        clock += Int64(random.int(in: low...high))
    }

    /// Adds an event at the current clock.
    mutating func add(_ technique: String, _ kind: AttackEventKind) {
        events.append(AttackEvent(time: clock, step: step, technique: technique, kind: kind))
    }

    /// The host called `name`; the estate always has the contract's named hosts.
    func host(_ name: String) -> Int {
        estate.host(named: name) ?? 0
    }

    /// A Windows process id, a multiple of 4.
    mutating func pid() -> Int { 4 * random.int(in: 1100...9000) }

    /// A process start on `host` as `user` (`MEDSOFT\x` or `NT AUTHORITY\SYSTEM`), started by `parent`.
    mutating func process(
        host: Int, _ image: ProcessImage, _ commandLine: String, parent: ProcessImage, _ parentCommandLine: String,
        parentID: Int? = nil, user: String, directory: String = "C:\\Windows\\system32\\", integrity: StaticString = "High"
    ) -> AttackEventKind {
        let system = user.hasPrefix("NT AUTHORITY")
        let process = ProcessStart(
            image: image, commandLine: store.text(commandLine), currentDirectory: store.text(directory),
            user: store.text(user), logonID: system ? 0x3E7 : UInt64(random.int(in: 0x100000...0xFFFFFF)),
            session: system ? 0 : 2, integrity: system ? "System" : integrity, processID: pid(), parent: parent,
            parentCommandLine: store.text(parentCommandLine), parentProcessID: parentID ?? pid(),
            parentStart: clock - 60_000)
        return .process(host: host, process)
    }

    /// `text` as PowerShell's -EncodedCommand wants it: UTF-16LE, base64.
    static func encoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        for unit in text.utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let b0 = Int(bytes[index])
            let b1 = index + 1 < bytes.count ? Int(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? Int(bytes[index + 2]) : 0
            output.append(alphabet[b0 >> 2])
            output.append(alphabet[((b0 & 3) << 4) | (b1 >> 4)])
            output.append(index + 1 < bytes.count ? alphabet[((b1 & 15) << 2) | (b2 >> 6)] : "=")
            output.append(index + 2 < bytes.count ? alphabet[b2 & 63] : "=")
            index += 3
        }
        return output
    }
}
