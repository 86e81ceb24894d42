/// What a simulation wrote.
public struct SimulationSummary: Sendable, Equatable {
    /// Lines written to windows.jsonl, linux.jsonl and firewall.jsonl.
    public var events: [SimulationFile: Int]
    /// Attack events injected (lines of ground-truth.jsonl).
    public var attackEvents: Int
    /// Bytes written to all four files.
    public var bytes: Int

    /// Events of the three event files together.
    public var totalEvents: Int { (events[.windows] ?? 0) + (events[.linux] ?? 0) + (events[.firewall] ?? 0) }
}

/// `tocsin simulate`'s engine: an estate's benign background with the scenario's attack merged in by time.
public enum Simulator {
    /// Buffers are handed to the sink when they pass this size.
    static let flushBytes = 4 << 20

    /// Generates the run `options` describe into `sink`; the same options give the same bytes.
    public static func run<Sink: SimulationSink>(
        _ options: SimulationOptions, into sink: inout Sink
    ) throws(SimulationError) -> SimulationSummary {
        try options.validate()
        var random = SimulationRandom(seed: options.seed)
        var estateRandom = random.split()
        let estate = Estate(hostCount: options.hosts, random: &estateRandom)
        var emitterRandom = random.split()
        var emitter = Emitter(estate: estate, random: &emitterRandom)
        let durationMilliseconds = Int64(options.durationSeconds) * 1000
        var placeRandom = random.split()
        // The attack's texts live here until the run ends.
        let store = TextStore()
        defer { withExtendedLifetime(store) {} }
        let attack = options.scenario == .ransomware
            ? placedAttack(estate: estate, options: options, store: store, random: &placeRandom) : []
        var background = Background(estate: estate, start: options.startMilliseconds, random: random.split())
        var timeRandom = random.split()
        var portRandom = random.split()
        var truth = ByteBuffer(capacity: 1 << 16)
        var bytes = 0

        let backgroundCount = max(options.totalEvents - attack.count, 0)
        let step = Double(durationMilliseconds) / Double(max(backgroundCount, 1))
        var next = 0
        var index = 0
        while index < backgroundCount {
            let time = options.startMilliseconds + Int64((Double(index) + timeRandom.unit()) * step)
            while next < attack.count && attack[next].time <= time {
                inject(attack[next], into: &emitter, truth: &truth, port: portRandom.int(in: 49152...65535), store: store)
                next += 1
            }
            background.emit(at: time, into: &emitter)
            index += 1
            if index & 255 == 0 { bytes += try flush(&emitter, &truth, into: &sink, above: flushBytes) }
        }
        while next < attack.count {
            inject(attack[next], into: &emitter, truth: &truth, port: portRandom.int(in: 49152...65535), store: store)
            next += 1
        }
        bytes += try flush(&emitter, &truth, into: &sink, above: 0)
        return SimulationSummary(
            events: [.windows: emitter.lines[0], .linux: emitter.lines[1], .firewall: emitter.lines[2]],
            attackEvents: attack.count, bytes: bytes)
    }

    /// The scenario's events, moved to absolute times: the attack's span is three quarters of the run, at most
    /// 100 minutes (so credential theft and shadow-copy deletion stay within the pack's two-hour chain), and it
    /// starts at a seeded point that keeps it inside the run.
    static func placedAttack(
        estate: Estate, options: SimulationOptions, store: TextStore, random: inout SimulationRandom
    ) -> [AttackEvent] {
        let duration = Int64(options.durationSeconds) * 1000
        let span = min(duration * 3 / 4, 100 * 60_000)
        var events = RansomwareScenario.events(estate: estate, span: span, store: store, random: random.split())
        let length = events.last?.time ?? 0
        let lead = duration / 20
        let room = max(duration - lead - length - duration / 20, 0)
        let offset = options.startMilliseconds + lead + Int64(random.unit() * Double(room))
        for index in events.indices { events[index].time = min(events[index].time + offset, options.startMilliseconds + duration - 1) }
        return events
    }

    /// Renders an attack event and its ground-truth line.
    static func inject(
        _ event: AttackEvent, into emitter: inout Emitter, truth: inout ByteBuffer, port: Int, store: TextStore
    ) {
        emitter.render(event, port: port, store: store)
        let file = event.kind.file
        truth.append(#"{"file":""#)
        truth.append(escaping: file.name)
        truth.append(#"","line":"#)
        truth.append(decimal: emitter.lines[file.rawValue])
        truth.append(#","step":""#)
        truth.append(escaping: event.step.rawValue)
        truth.append(#"","technique":""#)
        truth.append(escaping: event.technique)
        truth.append(#"","host":""#)
        if let host = event.kind.host {
            truth.append(emitter.estate.hosts[host].computerText)
        } else {
            truth.append(escaping: Estate.firewall)
        }
        truth.append(#"","timestamp":""#)
        SimulatedTime.append(event.time, iso: true, to: &truth)
        truth.append("\"}\n")
    }

    /// Hands buffers larger than `above` bytes to the sink; returns the bytes handed over.
    static func flush<Sink: SimulationSink>(
        _ emitter: inout Emitter, _ truth: inout ByteBuffer, into sink: inout Sink, above: Int
    ) throws(SimulationError) -> Int {
        var written = 0
        if emitter.windows.count > above {
            try emitter.windows.withBytes { bytes throws(SimulationError) in try sink.write(bytes, to: .windows) }
            written += emitter.windows.count
            emitter.windows.removeAll()
        }
        if emitter.linux.count > above {
            try emitter.linux.withBytes { bytes throws(SimulationError) in try sink.write(bytes, to: .linux) }
            written += emitter.linux.count
            emitter.linux.removeAll()
        }
        if emitter.firewall.count > above {
            try emitter.firewall.withBytes { bytes throws(SimulationError) in try sink.write(bytes, to: .firewall) }
            written += emitter.firewall.count
            emitter.firewall.removeAll()
        }
        if truth.count > above || above == 0 {
            try truth.withBytes { bytes throws(SimulationError) in try sink.write(bytes, to: .groundTruth) }
            written += truth.count
            truth.removeAll()
        }
        return written
    }
}
