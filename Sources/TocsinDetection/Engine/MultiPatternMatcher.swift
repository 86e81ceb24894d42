/// Finds, in one pass, which of many literal byte patterns occur in a haystack, ignoring ASCII case.
///
/// It is a pre-filter: it never misses a pattern that occurs, and it may report one whose non-ASCII bytes differ
/// from the haystack's in their low four bits (non-ASCII bytes share a class per high nibble, below).
///
/// This is an Aho-Corasick automaton compiled to a full DFA over byte equivalence classes.
///
/// Tables:
/// - Every byte maps to a class (a column of the transition table). Bytes that occur in no pattern share class 0,
///   and `A`-`Z` share the class of `a`-`z`, so case folding costs nothing at search time and the table has one
///   column per distinct (folded) ASCII pattern byte, plus one per high nibble of the non-ASCII ones, instead of
///   256.
/// - The transition table is flat: row `s` holds the next state for every class, failure transitions already
///   resolved by a breadth-first pass, so a search step is a byte load, a class load, an add and a table load.
///   States are stored as row offsets (pre-multiplied by the row stride), so the step needs no multiplication.
/// - States whose string ends with at least one pattern ("output states") are numbered after all other states, and
///   stored offsets are biased by the first output state's offset: output states are exactly the non-negative
///   values. The per-byte output check is a sign test with no extra load, and lanes (below) combine theirs with
///   one AND.
/// - Each row has one extra column after the class columns. For output states it holds the start of that state's
///   output list in `outputs` (the patterns ending there, including those inherited through dictionary suffix
///   links, terminated by `-1`). It sits in the row the search reads next anyway.
/// - Patterns equal after folding share one trie path; the first index is in the output lists and the others are
///   chained through `duplicateNext`, so duplicates do not multiply the size of inherited output lists.
///
/// Long patterns: only the first `automatonPrefixLimit` (32) bytes of a pattern go into the automaton. When such a
/// prefix is found, the rest of the pattern is compared against the haystack directly. This bounds how far apart
/// the search lanes (below) must overlap, so one very long pattern does not disable them, and it also caps the
/// automaton's size per pattern.
///
/// Search lanes: a single DFA walk is a chain of dependent loads, limited by load latency (and by cache misses when
/// the pattern set is large), not by throughput. So a long haystack is split into 2, 4 or 8 lanes that overlap by
/// `min(longest pattern, 32) - 1` bytes; each lane starts at the root, and the lanes advance in lock step, letting
/// the processor overlap their loads. The lane in which a match starts also contains its end, so every match is
/// found; a match inside an overlap may be reported twice, which the API allows. On the reference machine this is
/// 3-4x faster than one walk for a 1,400-byte haystack.
///
/// Memory: the table is `stateCount * (classCount + 1) * 4` bytes, where `stateCount` is at most one plus the sum of
/// `min(pattern length, 32)`. For example 100,000 states x 70 classes is about 28 MB; 20,000 random 5-25 byte
/// patterns over printable ASCII give about 263,000 states and 75 MB. Output lists add four bytes per (output state,
/// pattern ending there) pair, which stays small for realistic pattern sets but grows for sets such as `a`, `aa`,
/// `aaa`, ... combined with many patterns containing long runs of `a`.
public struct MultiPatternMatcher: Sendable {
    /// How many leading bytes of a pattern the automaton holds; longer patterns are verified after their prefix.
    static let automatonPrefixLimit = 32
    /// Slots of the per-search filter of already reported patterns (a power of two).
    ///
    /// Real rule sets repeat short needles (`.exe` and `\\cmd.exe` appear in hundreds of rules) and a JSON event
    /// contains them many times, so without the filters one event can produce thousands of callbacks for the same
    /// few patterns. The filters are direct-mapped: a collision only means something may be reported again.
    static let reportedPatternSlots = 128
    /// Slots of the per-search filter of output states whose whole list was already reported (a power of two).
    static let reportedStateSlots = 128

    /// Column of each byte value in the transition table (`A`-`Z` share the column of `a`-`z`).
    private let classMap: [UInt8]
    /// Number of byte classes, including class 0 for bytes in no pattern.
    private let classCount: Int
    /// `stateCount * (classCount + 1)` entries. Class columns hold the target state's row offset minus `tableBias`;
    /// the last column of an output state's row holds the start of its list in `outputs`.
    private let table: [Int32]
    /// Row offset of the first output state. Stored transitions are `row offset - tableBias`, so the search indexes
    /// from `table + tableBias`, the root is `-tableBias`, and output states are the non-negative values.
    private let tableBias: Int
    /// Concatenated output lists, each terminated by `-1`. An entry `p >= 0` is a pattern index that matched; an
    /// entry `e <= -2` means the prefix of long pattern number `-2 - e` matched and its tail must be verified.
    private let outputs: [Int32]
    /// For each pattern index, the next pattern with identical folded bytes, or `-1`.
    private let duplicateNext: [Int32]
    /// Whether any two patterns are identical after folding (skips the `duplicateNext` lookup when not).
    private let hasDuplicates: Bool
    /// For each long pattern (longer than `automatonPrefixLimit`), its index into `patterns`.
    private let longPatternIndex: [Int32]
    /// For each long pattern, where its folded tail starts in `longTails`; one extra entry marks the end.
    private let longTailStart: [Int32]
    /// Folded bytes of all long patterns after their first `automatonPrefixLimit` bytes, concatenated.
    private let longTails: [UInt8]
    /// Bytes by which adjacent search lanes overlap: the longest automaton pattern length minus one.
    private let laneOverlap: Int

    /// Number of patterns given to init.
    public let patternCount: Int
    /// Number of DFA states (for statistics).
    public let stateCount: Int

    /// Approximate memory used by the tables, in bytes.
    public var memoryBytes: Int {
        let int32Count = table.count + outputs.count + duplicateNext.count + longPatternIndex.count
            + longTailStart.count
        return int32Count * MemoryLayout<Int32>.stride + longTails.count + classMap.count
    }

    /// Builds the automaton. Patterns are byte strings; ASCII letters in them are folded to lower case here.
    /// Empty patterns are ignored (never reported). Duplicate patterns are allowed; each index is reported.
    public init(patterns: [[UInt8]]) {
        let prefixLimit = Self.automatonPrefixLimit
        patternCount = patterns.count

        // Byte classes: one per distinct folded byte of the automaton prefixes, in byte order; all other bytes are
        // class 0. At most 230 folded byte values exist, so a class always fits in a byte.
        var used = [Bool](repeating: false, count: 256)
        var longestPrefix = 0
        var totalPrefixLength = 0
        for pattern in patterns {
            let prefixLength = min(pattern.count, prefixLimit)
            for byte in pattern.prefix(prefixLength) {
                used[Int(Self.foldASCII(byte))] = true
            }
            longestPrefix = max(longestPrefix, prefixLength)
            totalPrefixLength += prefixLength
        }
        var classMap = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        // Non-ASCII bytes share a class per high nibble (eight at most): emoji patterns alone would otherwise add
        // dozens of columns to every row. A pattern may then be reported where the text has other non-ASCII bytes
        // of the same nibbles, never missed.
        var nibbleClass = [UInt8](repeating: 0, count: 16)
        for byte in 0..<256 where used[byte] {
            if byte >= 0x80 {
                if nibbleClass[byte >> 4] == 0 {
                    nibbleClass[byte >> 4] = UInt8(truncatingIfNeeded: classCount)
                    classCount += 1
                }
                classMap[byte] = nibbleClass[byte >> 4]
                continue
            }
            classMap[byte] = UInt8(truncatingIfNeeded: classCount)
            classCount += 1
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            classMap[Int(upper)] = classMap[Int(upper | 0x20)]
        }

        // Trie with first-child / next-sibling lists: compact to build, and the breadth-first pass below visits
        // each edge once. `terminal` is the first pattern ending at a node; `longHead` starts the node's chain
        // (through `longNext`) of long patterns whose automaton prefix ends there.
        let capacity = totalPrefixLength + 1
        var firstChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var label: [UInt8] = [0]
        var terminal: [Int32] = [-1]
        var longHead: [Int32] = [-1]
        firstChild.reserveCapacity(capacity)
        nextSibling.reserveCapacity(capacity)
        label.reserveCapacity(capacity)
        terminal.reserveCapacity(capacity)
        longHead.reserveCapacity(capacity)
        var duplicateNext = [Int32](repeating: -1, count: patterns.count)
        var hasDuplicates = false
        var longPatternIndex: [Int32] = []
        var longTailStart: [Int32] = [0]
        var longTails: [UInt8] = []
        var longNext: [Int32] = []
        var longOrdinalByBytes: [[UInt8]: Int] = [:]

        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node = 0
            for byte in pattern.prefix(prefixLimit) {
                // The class map already folds case, so patterns equal ignoring case share a path.
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
                    longHead.append(-1)
                    firstChild[node] = child
                }
                node = Int(child)
            }
            let representative: Int32
            if pattern.count <= prefixLimit {
                representative = terminal[node]
                if representative < 0 {
                    terminal[node] = Int32(index)
                    continue
                }
            } else {
                let folded = pattern.map(Self.foldASCII)
                if let ordinal = longOrdinalByBytes[folded] {
                    representative = longPatternIndex[ordinal]
                } else {
                    let ordinal = longPatternIndex.count
                    longOrdinalByBytes[folded] = ordinal
                    longPatternIndex.append(Int32(index))
                    longTails.append(contentsOf: folded[prefixLimit...])
                    longTailStart.append(Int32(longTails.count))
                    longNext.append(longHead[node])
                    longHead[node] = Int32(ordinal)
                    continue
                }
            }
            duplicateNext[index] = duplicateNext[Int(representative)]
            duplicateNext[Int(representative)] = Int32(index)
            hasDuplicates = true
        }

        let stateCount = label.count
        let rowStride = classCount + 1
        precondition(stateCount * rowStride <= Int(Int32.max), "MultiPatternMatcher: too many patterns for one table")
        precondition(longTails.count <= Int(Int32.max), "MultiPatternMatcher: long patterns too large")

        // Breadth-first over the trie, numbering states as they are discovered: non-output states count up from 0,
        // output states count down from the end. A state's failure target is shallower, so its row, output flag and
        // output list are final when the state is discovered, which is what makes a single pass enough.
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
            // Root row: every class leads back to the root until the root's children are filled in.
            base.initialize(repeating: 0, count: rowStride)
            while head < tail {
                let node = Int(queueNode[head])
                let state = Int(queueState[head])
                head += 1
                let row = state * rowStride
                let failRow = Int(failOf[state]) * rowStride
                if state != 0 {
                    // Missing edges behave like the failure state's, whose row is complete (it is shallower).
                    (base + row).initialize(from: base + failRow, count: classCount)
                }
                var child = firstChild[node]
                while child >= 0 {
                    let childNode = Int(child)
                    let column = Int(label[childNode])
                    let childFail = state == 0 ? 0 : Int(base[failRow + column]) / rowStride
                    let pattern = terminal[childNode]
                    let childIsOutput = pattern >= 0 || longHead[childNode] >= 0 || isOutput[childFail]
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
                    // The output column: the list start, complemented (negative) if the list has a long pattern.
                    var listColumn: Int32 = 0
                    if childIsOutput {
                        // Own patterns first, then everything the failure state reports.
                        let listStart = Int32(truncatingIfNeeded: outputs.count)
                        var hasLong = longHead[childNode] >= 0
                        if pattern >= 0 {
                            outputs.append(pattern)
                        }
                        var ordinal = longHead[childNode]
                        while ordinal >= 0 {
                            outputs.append(-2 - ordinal)
                            ordinal = longNext[Int(ordinal)]
                        }
                        if isOutput[childFail] {
                            let failColumn = Int(base[childFail * rowStride + classCount])
                            hasLong = hasLong || failColumn < 0
                            var k = failColumn < 0 ? ~failColumn : failColumn
                            while outputs[k] != -1 {
                                outputs.append(outputs[k])
                                k += 1
                            }
                        }
                        outputs.append(-1)
                        listColumn = hasLong ? ~listStart : listStart
                    }
                    (base + childState * rowStride + classCount).initialize(to: listColumn)
                    queueNode[tail] = child
                    queueState[tail] = Int32(childState)
                    tail += 1
                    child = nextSibling[childNode]
                }
            }
            // Bias the transitions (not the output-list column) now that the number of plain states is known.
            let bias = Int32(nextPlain * rowStride)
            for row in Swift.stride(from: 0, to: stateCount * rowStride, by: rowStride) {
                for column in row..<(row + classCount) {
                    base[column] &-= bias
                }
            }
            initializedCount = stateCount * rowStride
        }
        precondition(outputs.count <= Int(Int32.max), "MultiPatternMatcher: output lists too large")

        self.classMap = classMap
        self.classCount = classCount
        self.table = table
        self.tableBias = nextPlain * rowStride
        self.outputs = outputs
        self.duplicateNext = duplicateNext
        self.hasDuplicates = hasDuplicates
        self.longPatternIndex = longPatternIndex
        self.longTailStart = longTailStart
        self.longTails = longTails
        self.laneOverlap = max(longestPrefix - 1, 0)
        self.stateCount = stateCount
    }

    /// Calls `body` with the index (into `patterns`) of every pattern that occurs in `haystack`, folding ASCII
    /// A-Z to a-z in the haystack. A pattern may be reported more than once if it occurs more than once
    /// (the caller de-duplicates). Must not allocate.
    public func forEachMatch(in haystack: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        // With no output state there is nothing to find (no patterns, or only empty ones).
        guard tableBias < table.count, let bytes = haystack.baseAddress else {
            return
        }
        let count = haystack.count
        let overlap = laneOverlap
        // Both filters in 1 KB, which the standard library always places on the stack (larger sizes need a runtime
        // check of the stack bounds on every call).
        let filterSlots = Self.reportedPatternSlots + Self.reportedStateSlots
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: filterSlots) { reportedBuffer in
            table.withUnsafeBufferPointer { tableBuffer in
                classMap.withUnsafeBufferPointer { classBuffer in
                    guard let table = tableBuffer.baseAddress, let classes = classBuffer.baseAddress,
                        let reported = reportedBuffer.baseAddress
                    else {
                        return
                    }
                    reported.initialize(repeating: -1, count: filterSlots)
                    let search = Search(
                        table: table + tableBias, classes: classes, haystack: bytes, count: count, root: -tableBias,
                        reportedPatterns: reported, reportedStates: reported + Self.reportedPatternSlots
                    )
                    // More lanes pay off once the overlap they re-scan is small next to the haystack. Each condition
                    // also guarantees `count >= overlap + (lanes - 1)^2`, which keeps every lane inside the haystack.
                    if count >= 512 && count >= 16 * overlap {
                        scanEightLanes(search, overlap: overlap, body)
                    } else if count >= 128 && count >= 4 * overlap {
                        scanFourLanes(search, overlap: overlap, body)
                    } else if count >= 32 && count >= 2 * overlap {
                        scanTwoLanes(search, overlap: overlap, body)
                    } else {
                        scanLane(search, laneStart: 0, state: search.root, from: 0, to: count, body)
                    }
                }
            }
        }
    }

    /// The pointers one search works on, bundled to keep the scanning functions' signatures short.
    private struct Search {
        /// The transition table plus `tableBias`: stored (biased) states index from here.
        let table: UnsafePointer<Int32>
        /// Base of the 256-entry class map.
        let classes: UnsafePointer<UInt8>
        /// Start of the haystack.
        let haystack: UnsafePointer<UInt8>
        /// Length of the haystack.
        let count: Int
        /// The root state, biased: where every lane starts.
        let root: Int
        /// `reportedPatternSlots` entries: slot `p % reportedPatternSlots` holds `p` once pattern `p` (with its
        /// duplicates) was reported in this search (`-1` when empty).
        let reportedPatterns: UnsafeMutablePointer<Int32>
        /// `reportedStateSlots` entries, slot chosen by hashing: holds a state once its whole output list was
        /// reported in this search (`-1` when empty). Only for lists without long patterns, whose outcome depends
        /// on the position.
        let reportedStates: UnsafeMutablePointer<Int32>
    }

    // Lanes: with `K` lanes of `span` bytes each, lane `j` scans `[j * step, j * step + span)` where
    // `step = span - overlap`, and the last lane scans to the end of the haystack. A match is at most `overlap + 1`
    // bytes long, so the lane where it starts also contains its end. `span` is the smallest value for which the last
    // lane is no longer than the others, so after the lock-step loop the other lanes have at most `K - 1` bytes
    // left, which `scanLane` finishes.

    /// Scans with eight lanes in lock step.
    private func scanEightLanes(_ search: Search, overlap: Int, _ body: (Int) -> Void) {
        let span = (search.count + 7 * overlap + 7) / 8
        let step = span - overlap
        let shortest = search.count - 7 * step
        let root = search.root
        var states = (root, root, root, root, root, root, root, root)
        var i = 0
        while i < shortest {
            (states, i) = Self.scanEight(
                search, step: step, states: states, from: i, to: shortest
            )
            // `i - 1` is the index, within each lane, of the byte that was just consumed.
            if states.0 >= 0 {
                report(search, state: states.0, end: i - 1, body)
            }
            if states.1 >= 0 {
                report(search, state: states.1, end: step + i - 1, body)
            }
            if states.2 >= 0 {
                report(search, state: states.2, end: 2 * step + i - 1, body)
            }
            if states.3 >= 0 {
                report(search, state: states.3, end: 3 * step + i - 1, body)
            }
            if states.4 >= 0 {
                report(search, state: states.4, end: 4 * step + i - 1, body)
            }
            if states.5 >= 0 {
                report(search, state: states.5, end: 5 * step + i - 1, body)
            }
            if states.6 >= 0 {
                report(search, state: states.6, end: 6 * step + i - 1, body)
            }
            if states.7 >= 0 {
                report(search, state: states.7, end: 7 * step + i - 1, body)
            }
        }
        scanLane(search, laneStart: 0, state: states.0, from: i, to: span, body)
        scanLane(search, laneStart: step, state: states.1, from: i, to: span, body)
        scanLane(search, laneStart: 2 * step, state: states.2, from: i, to: span, body)
        scanLane(search, laneStart: 3 * step, state: states.3, from: i, to: span, body)
        scanLane(search, laneStart: 4 * step, state: states.4, from: i, to: span, body)
        scanLane(search, laneStart: 5 * step, state: states.5, from: i, to: span, body)
        scanLane(search, laneStart: 6 * step, state: states.6, from: i, to: span, body)
    }

    /// Scans with four lanes in lock step.
    private func scanFourLanes(_ search: Search, overlap: Int, _ body: (Int) -> Void) {
        let span = (search.count + 3 * overlap + 3) / 4
        let step = span - overlap
        let shortest = search.count - 3 * step
        var states = (search.root, search.root, search.root, search.root)
        var i = 0
        while i < shortest {
            (states, i) = Self.scanFour(search, step: step, states: states, from: i, to: shortest)
            if states.0 >= 0 {
                report(search, state: states.0, end: i - 1, body)
            }
            if states.1 >= 0 {
                report(search, state: states.1, end: step + i - 1, body)
            }
            if states.2 >= 0 {
                report(search, state: states.2, end: 2 * step + i - 1, body)
            }
            if states.3 >= 0 {
                report(search, state: states.3, end: 3 * step + i - 1, body)
            }
        }
        scanLane(search, laneStart: 0, state: states.0, from: i, to: span, body)
        scanLane(search, laneStart: step, state: states.1, from: i, to: span, body)
        scanLane(search, laneStart: 2 * step, state: states.2, from: i, to: span, body)
    }

    /// Scans with two lanes in lock step.
    private func scanTwoLanes(_ search: Search, overlap: Int, _ body: (Int) -> Void) {
        // Here the second lane is the longer one (by at most a byte), so it is the one finished afterwards.
        let span = (search.count + overlap) / 2
        let step = span - overlap
        var states = (search.root, search.root)
        var i = 0
        while i < span {
            (states, i) = Self.scanTwo(search, step: step, states: states, from: i, to: span)
            if states.0 >= 0 {
                report(search, state: states.0, end: i - 1, body)
            }
            if states.1 >= 0 {
                report(search, state: states.1, end: step + i - 1, body)
            }
        }
        scanLane(search, laneStart: step, state: states.1, from: i, to: search.count - step, body)
    }

    /// Scans `[laneStart + start, laneStart + end)` with one walk starting in `state`, reporting matches.
    private func scanLane(_ search: Search, laneStart: Int, state: Int, from start: Int, to end: Int,
                          _ body: (Int) -> Void) {
        var state = state
        var i = start
        while i < end {
            (state, i) = Self.scanOne(
                search, bytes: search.haystack + laneStart, state: state, from: i, to: end
            )
            if state >= 0 {
                report(search, state: state, end: laneStart + i - 1, body)
            }
        }
    }

    // The scan loops below are separate, call-free functions on purpose: when a report call sits in the same loop,
    // the register allocator spills the states to the stack, and the store/reload lengthens every step's chain of
    // dependent loads (measured about 2x slower). They stop at the first output state and let the caller report.

    /// Walks `bytes[start..<end]` from `state`; stops after the first byte that enters an output state.
    /// Returns the state reached and the index of the next byte to read.
    @inline(never)
    private static func scanOne(
        _ search: Search, bytes: UnsafePointer<UInt8>, state: Int, from start: Int, to end: Int
    ) -> (state: Int, next: Int) {
        let table = search.table
        let classes = search.classes
        var state = state
        var i = start
        while i < end {
            state = Int(table[state &+ Int(classes[Int(bytes[i])])])
            i &+= 1
            if state >= 0 {
                break
            }
        }
        return (state, i)
    }

    /// Walks two lanes (at offsets 0 and `step`) in lock step over lane indices `start..<end`; stops after the first
    /// step where either enters an output state. Returns both states and the next lane index.
    @inline(never)
    private static func scanTwo(
        _ search: Search, step: Int, states: (Int, Int), from start: Int, to end: Int
    ) -> (states: (Int, Int), next: Int) {
        let table = search.table
        let classes = search.classes
        let lane0 = search.haystack
        let lane1 = lane0 + step
        var (state0, state1) = states
        var i = start
        while i < end {
            state0 = Int(table[state0 &+ Int(classes[Int(lane0[i])])])
            state1 = Int(table[state1 &+ Int(classes[Int(lane1[i])])])
            i &+= 1
            if state0 & state1 >= 0 {
                break
            }
        }
        return ((state0, state1), i)
    }

    /// Walks four lanes (at offsets `j * step`) in lock step over lane indices `start..<end`; stops after the first
    /// step where any enters an output state. Returns the four states and the next lane index.
    @inline(never)
    private static func scanFour(
        _ search: Search, step: Int, states: (Int, Int, Int, Int), from start: Int, to end: Int
    ) -> (states: (Int, Int, Int, Int), next: Int) {
        let table = search.table
        let classes = search.classes
        let lane0 = search.haystack
        let lane1 = lane0 + step
        let lane2 = lane1 + step
        let lane3 = lane2 + step
        var (state0, state1, state2, state3) = states
        var i = start
        while i < end {
            state0 = Int(table[state0 &+ Int(classes[Int(lane0[i])])])
            state1 = Int(table[state1 &+ Int(classes[Int(lane1[i])])])
            state2 = Int(table[state2 &+ Int(classes[Int(lane2[i])])])
            state3 = Int(table[state3 &+ Int(classes[Int(lane3[i])])])
            i &+= 1
            if state0 & state1 & state2 & state3 >= 0 {
                break
            }
        }
        return ((state0, state1, state2, state3), i)
    }

    /// Walks eight lanes (at offsets `j * step`) in lock step over lane indices `start..<end`; stops after the first
    /// step where any enters an output state. Returns the eight states and the next lane index.
    @inline(never)
    private static func scanEight(
        _ search: Search, step: Int, states: (Int, Int, Int, Int, Int, Int, Int, Int), from start: Int, to end: Int
    ) -> (states: (Int, Int, Int, Int, Int, Int, Int, Int), next: Int) {
        let table = search.table
        let classes = search.classes
        var (state0, state1, state2, state3, state4, state5, state6, state7) = states
        // One moving pointer plus multiples of `step` keeps register pressure low enough for eight lanes.
        var cursor = search.haystack + start
        let stop = search.haystack + end
        let step2 = 2 &* step
        let step3 = 3 &* step
        let step4 = 4 &* step
        while cursor < stop {
            state0 = Int(table[state0 &+ Int(classes[Int(cursor[0])])])
            state1 = Int(table[state1 &+ Int(classes[Int(cursor[step])])])
            state2 = Int(table[state2 &+ Int(classes[Int(cursor[step2])])])
            state3 = Int(table[state3 &+ Int(classes[Int(cursor[step3])])])
            let upper = cursor + step4
            state4 = Int(table[state4 &+ Int(classes[Int(upper[0])])])
            state5 = Int(table[state5 &+ Int(classes[Int(upper[step])])])
            state6 = Int(table[state6 &+ Int(classes[Int(upper[step2])])])
            state7 = Int(table[state7 &+ Int(classes[Int(upper[step3])])])
            cursor += 1
            // All negative (no output) exactly when the AND of them is negative.
            if (state0 & state1) & (state2 & state3) & (state4 & state5) & (state6 & state7) >= 0 {
                break
            }
        }
        return ((state0, state1, state2, state3, state4, state5, state6, state7), cursor - search.haystack)
    }

    /// Reports every pattern in the output list of `state` (biased, so non-negative), which was
    /// entered on reading haystack byte `end`.
    @inline(__always)
    private func report(_ search: Search, state: Int, end: Int, _ body: (Int) -> Void) {
        outputs.withUnsafeBufferPointer { outputBuffer in
            guard let list = outputBuffer.baseAddress else {
                return
            }
            let column = Int(search.table[state &+ classCount])
            var k = ~column
            if column >= 0 {
                // Lists without long patterns report the same whatever the position: skip one seen before.
                let key = Int32(truncatingIfNeeded: state)
                let hash = UInt32(bitPattern: key) &* 0x9E37_79B1
                let slot = Int(hash >> 16) & (Self.reportedStateSlots - 1)
                if search.reportedStates[slot] == key {
                    return
                }
                search.reportedStates[slot] = key
                k = column
            }
            while true {
                let entry = list[k]
                if entry >= 0 {
                    let slot = Int(entry) & (Self.reportedPatternSlots - 1)
                    if search.reportedPatterns[slot] != entry {
                        search.reportedPatterns[slot] = entry
                        body(Int(entry))
                        if hasDuplicates {
                            reportDuplicates(of: Int(entry), body)
                        }
                    }
                } else if entry == -1 {
                    break
                } else {
                    reportLongPattern(Int(-2 - entry), search, end: end, body)
                }
                k &+= 1
            }
        }
    }

    /// Reports the other patterns that are identical (after folding) to `pattern`; out of line to keep `report` small.
    @inline(never)
    private func reportDuplicates(of pattern: Int, _ body: (Int) -> Void) {
        var next = Int(duplicateNext[pattern])
        while next >= 0 {
            body(next)
            next = Int(duplicateNext[next])
        }
    }

    /// Reports long pattern number `ordinal` if its tail follows its automaton prefix, which ended at byte `end`.
    @inline(never)
    private func reportLongPattern(_ ordinal: Int, _ search: Search, end: Int, _ body: (Int) -> Void) {
        let pattern = longPatternIndex[ordinal]
        let slot = Int(pattern) & (Self.reportedPatternSlots - 1)
        if search.reportedPatterns[slot] == pattern {
            return
        }
        let tailStart = Int(longTailStart[ordinal])
        let tailLength = Int(longTailStart[ordinal + 1]) - tailStart
        let haystackStart = end + 1
        guard tailLength <= search.count - haystackStart else {
            return
        }
        let matched = longTails.withUnsafeBufferPointer { tails -> Bool in
            for offset in 0..<tailLength
            where Self.foldASCII(search.haystack[haystackStart + offset]) != tails[tailStart + offset] {
                return false
            }
            return true
        }
        if matched {
            search.reportedPatterns[slot] = pattern
            body(Int(pattern))
            if hasDuplicates {
                reportDuplicates(of: Int(pattern), body)
            }
        }
    }

    /// `byte` with ASCII `A`-`Z` mapped to `a`-`z`.
    @inline(__always)
    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
