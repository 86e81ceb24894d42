import Foundation
import Testing
import TocsinCommands

@testable import TocsinSimulation

/// `tocsin simulate` through `TocsinCommand.runMain`.
@Suite struct SimulateCommandTests {
    @Test(arguments: [
        ["simulate", "--duration", "5x", "-o"],
        ["simulate", "--hosts", "0", "-o"],
        ["simulate", "--hosts", "many", "-o"],
        ["simulate", "--rate", "0", "-o"],
        ["simulate", "--scenario", "phishing", "-o"],
        ["simulate", "--start", "yesterday", "-o"],
        ["simulate", "--duration", "5m", "-o"],
        ["simulate", "--seed", "-1", "-o"],
    ])
    func badValuesExitWithTwo(arguments: [String]) {
        let folder = NSTemporaryDirectory() + "tocsin-simulate-bad-" + UUID().uuidString
        #expect(TocsinCommand.runMain(arguments + [folder]) == 2)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func missingOutputIsAUsageError() {
        #expect(TocsinCommand.runMain(["simulate"]) == 2)
    }

    @Test func outputFolderThatCannotBeCreatedExitsWithTwo() {
        let arguments = ["simulate", "--hosts", "16", "--duration", "1m", "--rate", "10", "--scenario", "none"]
        #expect(TocsinCommand.runMain(arguments + ["-o", "/proc/tocsin-cannot-create"]) == 2)
    }

    @Test func validationNamesTheFlagAndTheValue() throws {
        #expect(throws: SimulationError.self) { try SimulationOptions(hosts: 0).validate() }
        do {
            try SimulationOptions(hosts: 0).validate()
        } catch {
            #expect(error.message.hasPrefix("--hosts 0 "))
        }
        do {
            try SimulationOptions(durationSeconds: 300).validate()
        } catch {
            #expect(error.message.hasPrefix("--duration 5m is too short for --scenario ransomware"))
        }
    }

    @Test func durationsParse() {
        #expect(SimulationDuration.parse("30m") == 1800)
        #expect(SimulationDuration.parse("2h") == 7200)
        #expect(SimulationDuration.parse("1h30m") == 5400)
        #expect(SimulationDuration.parse("90s") == 90)
        #expect(SimulationDuration.parse("1d") == 86_400)
        for bad in ["", "5x", "m", "10", "1h 30m", "-5m", "99999999999999999999s"] {
            #expect(SimulationDuration.parse(bad) == nil, "\(bad)")
        }
        #expect(SimulationDuration.format(5400) == "1h30m")
        #expect(SimulationStart.parse("2026-11-23T07:00:00Z") == SimulationOptions.defaultStartMilliseconds)
        #expect(SimulationStart.parse("2026-11-23") == nil)
    }

    @Test func simulateWritesTheFourFiles() throws {
        let folder = NSTemporaryDirectory() + "tocsin-simulate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["simulate", "--hosts", "20", "--duration", "20m", "--rate", "20", "--seed", "3", "-o", folder]
        #expect(TocsinCommand.runMain(arguments) == 0)
        var total = 0
        for file in SimulationFile.allCases {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file.name))
            #expect(!data.isEmpty, "\(file.name)")
            if file != .groundTruth { total += data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        }
        #expect(total == 24_000)
        // The files are what the library writes for the same options.
        var sink = MemorySink()
        _ = try Simulator.run(
            SimulationOptions(hosts: 20, durationSeconds: 1200, rate: 20, seed: 3), into: &sink)
        let windows = try Data(contentsOf: URL(fileURLWithPath: folder + "/windows.jsonl"))
        #expect(Array(windows) == sink.files[.windows])
    }
}
