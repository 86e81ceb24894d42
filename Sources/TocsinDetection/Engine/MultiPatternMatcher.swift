/// Finds, in one pass, which of many literal byte patterns occur in a haystack, ignoring ASCII case.
///
/// This is an Aho-Corasick automaton compiled to a full DFA over byte equivalence classes:
///
/// - Every byte maps to a class (a column of the transition table). Bytes that occur in no pattern share class 0,
///   and `A`-`Z` share the class of `a`-`z`, so case folding costs nothing at search time and the table has one
///   column per distinct (folded) pattern byte instead of 256.
/// - The table is flat: row `s` holds the next state for every class, failure transitions already resolved, so a
///   search step is two loads and an add. State numbers are stored pre-multiplied by the row stride, so the step
///   needs no multiplication either.
/// - States whose suffixes end at least one pattern ("output states") are numbered after all other states, so the
///   per-byte output check is a single compare against a threshold, with no extra load.
/// - Each row has one extra column after the class columns. For output states it holds the start of that state's
///   output list in `outputs`: the patterns ending there, including those inherited through dictionary suffix
///   links, terminated by `-1`. Keeping it in the row means the lookup touches a cache line the search is about to
///   read anyway.
/// - Identical patterns (after folding) share one trie path; the automaton reports the first index and the rest
///   are chained through `duplicateNext`, so duplicates do not multiply the size of every inherited output list.
///
/// Memory: the table is `stateCount * (classCount + 1) * 4` bytes, where `stateCount` is at most one plus the total
/// pattern length. For example 100,000 states x 70 classes is about 28 MB; 20,000 random 5-25 byte patterns over
/// printable ASCII give about 280,000 states and about 80 MB. Output lists add four bytes per (state, pattern ending
/// there) pair, which is small for realistic pattern sets but can grow with patterns that are suffixes of many
/// other states' strings (for example `a`, `aa`, `aaa`, ... together with many patterns containing long runs of
/// `a`).
///
/// Search uses two interleaved cursors when the haystack is long enough compared with the longest pattern: one
/// scans the first half, the other starts `longest - 1` bytes before the middle and scans to the end. Their table
/// loads are independent, so the processor overlaps them and throughput nearly doubles. A match that ends inside the
/// overlap may be reported twice, which the API allows.
public struct MultiPatternMatcher: Sendable {
    /// Column of each byte value in the transition table (`A`-`Z` share the column of `a`-`z`).
    private let classMap: [UInt8]
    /// Number of byte classes, including class 0 for bytes in no pattern.
    private let classCount: Int
    /// Entries per table row: the class columns plus the output-list column.
    private let rowStride: Int
    /// `stateCount * rowStride` entries; transition entries hold the target state's row offset.
    private let table: [Int32]
    /// Row offset of the first output state; every state at or past it has a non-empty output list.
    private let outputThreshold: Int
    /// Concatenated output lists of pattern indices, each terminated by `-1`.
    private let outputs: [Int32]
    /// For each pattern index, the next pattern with identical folded bytes, or `-1`.
    private let duplicateNext: [Int32]
    /// Whether any two patterns are identical after folding (skips the `duplicateNext` lookup when not).
    private let hasDuplicates: Bool
    /// Length of the longest pattern; sets how much the two search cursors must overlap.
    private let longestPattern: Int

    /// Number of patterns given to init.
    public let patternCount: Int
    /// Number of DFA states (for statistics).
    public let stateCount: Int

    /// Approximate memory used by the tables, in bytes.
    public var memoryBytes: Int {
        table.count * MemoryLayout<Int32>.stride + outputs.count * MemoryLayout<Int32>.stride
            + duplicateNext.count * MemoryLayout<Int32>.stride + classMap.count
    }

    /// Builds the automaton. Patterns are byte strings; ASCII letters in them are folded to lower case here.
    /// Empty patterns are ignored (never reported). Duplicate patterns are allowed; each index is reported.
    public init(patterns: [[UInt8]]) {
        patternCount = patterns.count

        // Byte classes: one per distinct folded byte, in byte order; everything else is class 0.
        var used = [Bool](repeating: false, count: 256)
        var longest = 0
        var totalLength = 0
        for pattern in patterns {
            for byte in pattern {
                used[Int(Self.foldASCII(byte))] = true
            }
            longest = max(longest, pattern.count)
            totalLength += pattern.count
        }
        var classMap = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for byte in 0..<256 where used[byte] {
            // At most 230 distinct folded bytes, so the class always fits in a byte.
            classMap[byte] = UInt8(truncatingIfNeeded: classCount)
            classCount += 1
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            classMap[Int(upper)] = classMap[Int(upper | 0x20)]
        }

        // Trie with first-child / next-sibling lists: compact to build, and the BFS below visits each edge once.
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var label: [UInt8] = [0]
        var terminal: [Int32] = [-1]
        firstChild.reserveCapacity(totalLength + 1)
        nextSibling.reserveCapacity(totalLength + 1)
        label.reserveCapacity(totalLength + 1)
        terminal.reserveCapacity(totalLength + 1)
        var duplicateNext = [Int32](repeating: -1, count: patterns.count)
        var hasDuplicates = false
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node = 0
            for byte in pattern {
                // The class map already folds case, so equal-ignoring-case patterns share a path.
                let column = classMap[Int(byte)]
                var child = firstChild[node]
                while child >= 0 && label[Int(child)] != column {
                    child = nextSibling[Int(child)]
                }
                if child < 0 {
                    child = Int32(label.count)
                    firstChild.append(-1)
                    nextSibling.append(firstChild[node])
                    label.append(column)
                    terminal.append(-1)
                    firstChild[node] = child
                }
                node = Int(child)
            }
            let representative = terminal[node]
            if representative < 0 {
                terminal[node] = Int32(index)
            } else {
                duplicateNext[index] = duplicateNext[Int(representative)]
                duplicateNext[Int(representative)] = Int32(index)
                hasDuplicates = true
            }
        }

        let stateCount = label.count
        let rowStride = classCount + 1
        precondition(stateCount * rowStride <= Int(Int32.max), "MultiPatternMatcher: too many patterns for one table")

        // Breadth-first over the trie, assigning final state numbers as states are discovered: non-output states
        // count up from 0, output states count down from the end. A state's failure target is shallower, so its row
        // and output flag are final by the time the state is discovered, which is what makes one pass enough.
        var outputs: [Int32] = []
        var nextPlain = 1
        var nextOutput = stateCount - 1
        let table = [Int32](unsafeUninitializedCapacity: stateCount * rowStride) { buffer, initializedCount in
            guard let base = buffer.baseAddress else {
                initializedCount = 0
                return
            }
            var failOf = [Int32](repeating: 0, count: stateCount)
            var isOutput = [Bool](repeating: false, count: stateCount)
            var queueNode = [Int32](repeating: 0, count: stateCount)
            var queueState = [Int32](repeating: 0, count: stateCount)
            var head = 0
            var tail = 1
            // The root row: everything goes back to the root until children are filled in.
            base.initialize(repeating: 0, count: rowStride)
            while head < tail {
                let node = Int(queueNode[head])
                let state = Int(queueState[head])
                head += 1
                let row = state * rowStride
                let failRow = Int(failOf[state]) * rowStride
                if state != 0 {
                    // Missing edges behave like the failure state's; its row is complete (it is shallower).
                    (base + row).initialize(from: base + failRow, count: classCount)
                }
                var child = firstChild[node]
                while child >= 0 {
                    let childNode = Int(child)
                    let column = Int(label[childNode])
                    let childFail = state == 0 ? 0 : Int(base[failRow + column]) / rowStride
                    let pattern = terminal[childNode]
                    let childIsOutput = pattern >= 0 || isOutput[childFail]
                    let childState: Int
                    if childIsOutput {
                        childState = nextOutput
                        nextOutput -= 1
                    } else {
                        childState = nextPlain
                        nextPlain += 1
                    }
                    failOf[childState] = Int32(childFail)
                    isOutput[childState] = childIsOutput
                    base[row + column] = Int32(childState * rowStride)
                    var listStart = 0
                    if childIsOutput {
                        // Own pattern first, then everything the failure state reports (its list is complete).
                        listStart = outputs.count
                        if pattern >= 0 {
                            outputs.append(pattern)
                        }
                        if isOutput[childFail] {
                            var k = Int(base[childFail * rowStride + classCount])
                            while outputs[k] >= 0 {
                                outputs.append(outputs[k])
                                k += 1
                            }
                        }
                        outputs.append(-1)
                    }
                    (base + childState * rowStride + classCount).initialize(to: Int32(listStart))
                    queueNode[tail] = child
                    queueState[tail] = Int32(childState)
                    tail += 1
                    child = nextSibling[childNode]
                }
            }
            initializedCount = stateCount * rowStride
        }
        precondition(outputs.count <= Int(Int32.max), "MultiPatternMatcher: output lists too large")

        self.classMap = classMap
        self.classCount = classCount
        self.rowStride = rowStride
        self.table = table
        self.outputThreshold = nextPlain * rowStride
        self.outputs = outputs
        self.duplicateNext = duplicateNext
        self.hasDuplicates = hasDuplicates
        self.longestPattern = longest
        self.stateCount = stateCount
    }

    /// Calls `body` with the index (into `patterns`) of every pattern that occurs in `haystack`, folding ASCII
    /// A-Z to a-z in the haystack. A pattern may be reported more than once if it occurs more than once
    /// (the caller de-duplicates). Must not allocate.
    public func forEachMatch(in haystack: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        guard outputThreshold < table.count, let bytes = haystack.baseAddress else {
            return
        }
        let count = haystack.count
        table.withUnsafeBufferPointer { tableBuffer in
            classMap.withUnsafeBufferPointer { classBuffer in
                guard let table = tableBuffer.baseAddress, let classes = classBuffer.baseAddress else {
                    return
                }
                let overlap = max(longestPattern - 1, 0)
                if count >= 256 && overlap * 8 <= count {
                    scanFourLanes(table: table, classes: classes, bytes: bytes, count: count, overlap: overlap, body)
                } else if count >= 64 && overlap * 2 <= count {
                    scanTwoLanes(table: table, classes: classes, bytes: bytes, count: count, overlap: overlap, body)
                } else {
                    scanLane(table: table, classes: classes, bytes: bytes, state: 0, from: 0, to: count, body)
                }
            }
        }
    }

    // Lanes: a match is at most `overlap + 1` bytes long, so if lane `j` scans `[j * step, j * step + step +
    // overlap)` (the last lane to the end), the lane where a match starts also sees where it ends. Each lane starts
    // from the root, and lanes are independent, so running them in lock step lets the processor overlap their table
    // loads instead of waiting on one chain of dependent loads.

    /// Scans with four lanes of equal length (the last one up to three bytes shorter).
    private func scanFourLanes(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>, bytes: UnsafePointer<UInt8>, count: Int,
        overlap: Int, _ body: (Int) -> Void
    ) {
        let threshold = outputThreshold
        let span = (count + 3 * overlap + 3) / 4
        let step = span - overlap
        // Lane 3 is the shortest; `count >= 8 * overlap` makes `shortest >= overlap`, so lanes 0-2 end in bounds.
        let shortest = count - 3 * step
        var states = (0, 0, 0, 0)
        var i = 0
        while i < shortest {
            (states, i) = Self.scanFour(
                table: table, classes: classes, bytes: bytes, step: step, states: states, from: i, to: shortest,
                threshold: threshold
            )
            if states.0 >= threshold {
                report(state: states.0, table: table, body)
            }
            if states.1 >= threshold {
                report(state: states.1, table: table, body)
            }
            if states.2 >= threshold {
                report(state: states.2, table: table, body)
            }
            if states.3 >= threshold {
                report(state: states.3, table: table, body)
            }
        }
        scanLane(table: table, classes: classes, bytes: bytes, state: states.0, from: i, to: span, body)
        scanLane(table: table, classes: classes, bytes: bytes + step, state: states.1, from: i, to: span, body)
        scanLane(table: table, classes: classes, bytes: bytes + 2 * step, state: states.2, from: i, to: span, body)
    }

    /// Scans with two lanes of equal length (the second one up to one byte longer).
    private func scanTwoLanes(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>, bytes: UnsafePointer<UInt8>, count: Int,
        overlap: Int, _ body: (Int) -> Void
    ) {
        let threshold = outputThreshold
        let span = (count + overlap) / 2
        let second = bytes + (span - overlap)
        var stateA = 0
        var stateB = 0
        var i = 0
        while i < span {
            (stateA, stateB, i) = Self.scanTwo(
                table: table, classes: classes, first: bytes, second: second, stateA: stateA, stateB: stateB,
                from: i, to: span, threshold: threshold
            )
            if stateA >= threshold {
                report(state: stateA, table: table, body)
            }
            if stateB >= threshold {
                report(state: stateB, table: table, body)
            }
        }
        scanLane(table: table, classes: classes, bytes: second, state: stateB, from: i, to: count - (span - overlap), body)
    }

    /// Scans `bytes[start..<end]` with one lane starting in `state`, reporting matches.
    private func scanLane(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>, bytes: UnsafePointer<UInt8>, state: Int,
        from start: Int, to end: Int, _ body: (Int) -> Void
    ) {
        var state = state
        var i = start
        while i < end {
            (state, i) = Self.scanOne(
                table: table, classes: classes, bytes: bytes, state: state, from: i, to: end, threshold: outputThreshold
            )
            if state >= outputThreshold {
                report(state: state, table: table, body)
            }
        }
    }

    // The scan loops below are separate call-free functions on purpose: when the report call sits inside the same
    // loop, the register allocator spills the states to the stack, and the store/reload lengthens every step's
    // dependency chain (measured about 2x slower).

    /// Runs the DFA over `bytes[start..<end]` from `state`; stops after the first byte that enters an output state.
    /// Returns the state reached and the index of the next byte to read.
    @inline(never)
    private static func scanOne(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>, bytes: UnsafePointer<UInt8>,
        state: Int, from start: Int, to end: Int, threshold: Int
    ) -> (state: Int, next: Int) {
        var state = state
        var i = start
        while i < end {
            state = Int(table[state &+ Int(classes[Int(bytes[i])])])
            i &+= 1
            if state >= threshold {
                break
            }
        }
        return (state, i)
    }

    /// Runs two DFA lanes in lock step over `first[start..<end]` and `second[start..<end]`; stops after the first
    /// step where either enters an output state. Returns both states and the next index.
    @inline(never)
    private static func scanTwo(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>,
        first: UnsafePointer<UInt8>, second: UnsafePointer<UInt8>,
        stateA: Int, stateB: Int, from start: Int, to end: Int, threshold: Int
    ) -> (stateA: Int, stateB: Int, next: Int) {
        var stateA = stateA
        var stateB = stateB
        var i = start
        while i < end {
            stateA = Int(table[stateA &+ Int(classes[Int(first[i])])])
            stateB = Int(table[stateB &+ Int(classes[Int(second[i])])])
            i &+= 1
            if max(stateA, stateB) >= threshold {
                break
            }
        }
        return (stateA, stateB, i)
    }

    /// Runs four DFA lanes in lock step over `bytes[j * step + start ..< j * step + end]` for `j` in 0...3; stops
    /// after the first step where any enters an output state. Returns the four states and the next index.
    @inline(never)
    private static func scanFour(
        table: UnsafePointer<Int32>, classes: UnsafePointer<UInt8>, bytes: UnsafePointer<UInt8>, step: Int,
        states: (Int, Int, Int, Int), from start: Int, to end: Int, threshold: Int
    ) -> (states: (Int, Int, Int, Int), next: Int) {
        var (state0, state1, state2, state3) = states
        let lane1 = bytes + step
        let lane2 = lane1 + step
        let lane3 = lane2 + step
        var i = start
        while i < end {
            state0 = Int(table[state0 &+ Int(classes[Int(bytes[i])])])
            state1 = Int(table[state1 &+ Int(classes[Int(lane1[i])])])
            state2 = Int(table[state2 &+ Int(classes[Int(lane2[i])])])
            state3 = Int(table[state3 &+ Int(classes[Int(lane3[i])])])
            i &+= 1
            if max(max(state0, state1), max(state2, state3)) >= threshold {
                break
            }
        }
        return ((state0, state1, state2, state3), i)
    }

    /// Reports every pattern in the output list of `state` (a row offset at or past the threshold).
    @inline(__always)
    private func report(state: Int, table: UnsafePointer<Int32>, _ body: (Int) -> Void) {
        outputs.withUnsafeBufferPointer { outputBuffer in
            guard let list = outputBuffer.baseAddress else {
                return
            }
            var k = Int(table[state &+ classCount])
            while list[k] >= 0 {
                let pattern = Int(list[k])
                body(pattern)
                if hasDuplicates {
                    reportDuplicates(of: pattern, body)
                }
                k &+= 1
            }
        }
    }

    /// Reports the other patterns that are identical (after folding) to `pattern`; kept out of line as it is rare.
    @inline(never)
    private func reportDuplicates(of pattern: Int, _ body: (Int) -> Void) {
        var next = Int(duplicateNext[pattern])
        while next >= 0 {
            body(next)
            next = Int(duplicateNext[next])
        }
    }

    /// `byte` with ASCII `A`-`Z` mapped to `a`-`z`.
    @inline(__always)
    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
