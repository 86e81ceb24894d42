import Testing
import TocsinCore

@testable import TocsinDetection

/// The event scanner hashes keys eight bytes at a time; these cases hold it to the slow definition of a path
/// (``EventScanner/hashKey(_:_:)``: spaces dropped, `.` separating components) on random paths written as nested
/// objects, flat dotted keys, mixtures, with spaces and `\u` escapes in keys, in events small enough that a key's
/// last word would reach past the end.
@Suite("Event scanner: paths hashed word by word")
struct EventScannerPathTests {
    static func component(_ generator: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_#-")
        let length = [1, 2, 5, 7, 8, 9, 15, 16, 17, 23, 31].randomElement(using: &generator)!
        return String((0..<length).map { _ in letters.randomElement(using: &generator)! })
    }

    /// `key` written with a space somewhere and, sometimes, its first letter as a `\u` escape.
    static func disguise(_ key: String, _ generator: inout SplitMix64) -> String {
        var characters = Array(key)
        if Bool.random(using: &generator) {
            characters.insert(" ", at: Int.random(in: 0...characters.count, using: &generator))
        }
        var text = String(characters)
        if Bool.random(using: &generator), let first = text.unicodeScalars.first, first != " " {
            text = String(format: "\\u%04x", first.value) + text.dropFirst()
        }
        return text
    }

    /// The JSON of an object holding `value` at `components`, grouped into keys as `groups` says (each group one key
    /// joined by dots).
    static func event(_ components: [String], groups: [Int], value: String, disguised: Bool,
        _ generator: inout SplitMix64) -> String
    {
        var keys: [String] = []
        var index = 0
        for size in groups {
            var key = components[index..<index + size].joined(separator: ".")
            if disguised { key = disguise(key, &generator) }
            keys.append(key)
            index += size
        }
        var json = "\"\(value)\""
        for key in keys.reversed() { json = "{\"\(key)\":\(json)}" }
        return json
    }

    static func leaves(_ scanner: EventScanner, _ json: String) throws -> [(path: Int, value: String)] {
        var leaves: [Leaf] = []
        var scratch = EventScanner.Scratch()
        let bytes = Array(json.utf8)
        try bytes.withUnsafeBufferPointer { buffer throws(EventSyntaxError) in
            try scanner.scan(buffer, leaves: &leaves, allValues: nil, scratch: &scratch)
        }
        return leaves.map { (Int($0.pathID), String(decoding: bytes[Int($0.start)..<Int($0.end)], as: UTF8.self)) }
    }

    @Test("nested, flat, mixed and disguised keys find the registered path and nothing else")
    func randomPaths() throws {
        var generator = SplitMix64(seed: 2026)
        var layout = FieldLayout()
        var registered: [[String]] = []
        for _ in 0..<60 {
            let components = (0..<Int.random(in: 1...4, using: &generator)).map { _ in Self.component(&generator) }
            registered.append(components)
            _ = layout.slot(for: [components.joined(separator: ".")])
        }
        let scanner = EventScanner(layout: layout)
        var checked = 0
        for (id, components) in registered.enumerated() {
            for round in 0..<12 {
                // Split the components into keys at random places.
                var groups: [Int] = []
                var left = components.count
                while left > 0 {
                    let size = Int.random(in: 1...left, using: &generator)
                    groups.append(size)
                    left -= size
                }
                let json = Self.event(
                    components, groups: groups, value: "v\(round)", disguised: round % 2 == 1, &generator)
                let found = try Self.leaves(scanner, json)
                #expect(found.count == 1 && found.first?.path == id && found.first?.value == "v\(round)", "\(json)")
                // One byte more in the last component: no registered path (the random names do not collide).
                var longer = components
                longer[longer.count - 1] += "x"
                let miss = Self.event(longer, groups: groups, value: "w", disguised: false, &generator)
                #expect(try Self.leaves(scanner, miss).isEmpty, "\(miss)")
                checked += 2
            }
        }
        #expect(checked == 60 * 24)
    }

    @Test("a path with a star component matches any key there, however long")
    func starComponent() throws {
        var layout = FieldLayout()
        _ = layout.slot(for: ["Event.UserData.*.TargetUserName"])
        let scanner = EventScanner(layout: layout)
        for middle in ["A", "LogonEventDataX", "Exactly8", "Seventeen_letters"] {
            let json = #"{"Event":{"UserData":{"\#(middle)":{"TargetUserName":"bob"}}}}"#
            #expect(try Self.leaves(scanner, json).map(\.value) == ["bob"], "\(json)")
        }
        #expect(try Self.leaves(scanner, #"{"Event":{"UserData":{"TargetUserName":"bob"}}}"#).isEmpty)
    }

    @Test("paths are found again after nested objects and arrays close, and nesting stops at 256 levels")
    func nestingAndClosing() throws {
        var layout = FieldLayout()
        _ = layout.slot(for: ["a.b"])
        _ = layout.slot(for: ["c"])
        let scanner = EventScanner(layout: layout)
        let json = #"{"a":{"x":[{"b":"no"},[1,{"y":2}]],"b":"yes"},"z":[[],{}],"c":"top","a.b":"flat"}"#
        #expect(try Self.leaves(scanner, json).map(\.value) == ["yes", "top", "flat"])
        // 256 containers deep, the root included, is read; one more is refused.
        let deep = { (levels: Int) in
            String(repeating: #"{"k":"#, count: levels - 1) + "[]" + String(repeating: "}", count: levels - 2)
                + #","c":"v"}"#
        }
        #expect(try Self.leaves(scanner, deep(256)).map(\.value) == ["v"])
        #expect(throws: EventSyntaxError.self) { try Self.leaves(scanner, deep(257)) }
    }

    @Test("a key hashed where it stands agrees with the slow definition")
    func inPlaceHashAgrees() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("ab. xyz0123456789".utf8)
        for _ in 0..<5000 {
            let key = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            key.withUnsafeBufferPointer { text in
                #expect(
                    EventScanner.hashKeyInPlace(EventScanner.basis, text) == EventScanner.hashKey(EventScanner.basis, text),
                    "\(String(decoding: key, as: UTF8.self))")
            }
        }
    }
}
