import Foundation
import TocsinCore

/// Expands the inputs of a hunt into files: folders recursively (event files only), `-` as standard input.
enum InputFiles {
    static let extensions = [".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".gz"]

    static func isEventFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    /// The files to read, in order, and a problem for each input that does not exist.
    static func expand(_ inputs: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = []
        var missing: [String] = []
        let manager = FileManager.default
        for input in inputs {
            if input == "-" {
                files.append(input)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                missing.append(input)
                continue
            }
            guard isDirectory.boolValue else {
                files.append(input)
                continue
            }
            var found: [String] = []
            if let walker = manager.enumerator(atPath: input) {
                for case let relative as String in walker where isEventFile(relative) {
                    let path = input.hasSuffix("/") ? input + relative : input + "/" + relative
                    var childIsDirectory: ObjCBool = false
                    if manager.fileExists(atPath: path, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                        found.append(path)
                    }
                }
            }
            files += found.sorted()
        }
        return (files, missing)
    }

    /// The size of the files in bytes (standard input counts 0), for the progress bar.
    static func totalSize(_ files: [String]) -> Int {
        files.reduce(0) { total, file in
            guard file != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
                return total
            }
            return total + ((attributes[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}
