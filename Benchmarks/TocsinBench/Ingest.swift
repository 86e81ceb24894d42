// The `ingest` section of tocsin-bench: what `tocsin serve` does to a bulk NDJSON body before it acknowledges it,
// in process on one thread: split into lines, then each line checked as one JSON object of valid UTF-8 (as
// IngestBatch does: the validator checks the UTF-8 in the same pass, so the splitter does not).
import Foundation
import TocsinDetection

/// Validates the event set as bodies of 1,000 lines, `--runs` times ×10 passes, and prints the median rate.
@MainActor
func ingestValidation() {
    let (files, _) = eventFiles(settings.events)
    guard !files.isEmpty else { fail("no .jsonl files under \(settings.events)") }
    var all: [UInt8] = []
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        all.append(contentsOf: data)
        if all.last != 0x0A { all.append(0x0A) }
    }
    // Bodies of 1,000 lines, as tocsin-loadbench sends them.
    var bodies: [[UInt8]] = []
    var start = 0
    var lines = 0
    for index in all.indices where all[index] == 0x0A {
        lines += 1
        if lines % 1000 == 0 || index == all.count - 1 {
            bodies.append(Array(all[start...index]))
            start = index + 1
        }
    }
    let passes = 10
    var rates: [Double] = []
    var accepted = 0
    var refused = 0
    for _ in 0..<settings.runs {
        accepted = 0
        refused = 0
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<passes {
            for body in bodies {
                body.withUnsafeBufferPointer { buffer in
                    var splitter = RecordSplitter(framing: .lines, maxRecordBytes: 1 << 20, checksUTF8: false)
                    let output = splitter.split(buffer, final: true)
                    refused += output.problems.count
                    for span in output.records {
                        let bytes = UnsafeBufferPointer(rebasing: buffer[span.start..<span.end])
                        if JSONValidator.problem(inObject: bytes) == nil { accepted += 1 } else { refused += 1 }
                    }
                }
            }
        }
        rates.append(Double(all.count * passes) / (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
    }
    print("ingest validation (split into lines, JSON and UTF-8 check), one thread: \(lines) events × \(passes), "
        + String(format: "%.1f MB", Double(all.count) / 1e6) + " per pass, bodies of 1,000 lines")
    print(String(format: "  %.0f MB/s median (runs: %@); %.0f events/s", median(rates) / 1e6,
        rates.map { String(format: "%.0f", $0 / 1e6) }.joined(separator: ", "),
        median(rates) / Double(all.count) * Double(lines)))
    print("  accepted \(accepted / passes), refused \(refused / passes) per pass")
    print("")
}
