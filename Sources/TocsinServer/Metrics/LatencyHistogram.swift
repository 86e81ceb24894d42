/// A latency distribution in fixed buckets, as Prometheus histograms keep it: counts per upper bound, a sum and a
/// count. A value type, so the pipeline's statistics stay one copyable snapshot.
public struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds, ascending; a last bucket (+Inf) holds the rest.
    public static let bounds: [Double] = [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10,
    ]

    /// Observations per bucket (not cumulative); one more than ``bounds``.
    public private(set) var counts = [Int](repeating: 0, count: LatencyHistogram.bounds.count + 1)
    /// The sum of all observations, in seconds.
    public private(set) var sum: Double = 0
    /// How many observations there were.
    public private(set) var count = 0

    /// An empty histogram.
    public init() {}

    /// Adds one observation of `seconds` (negative values, from clocks stepping back, count as 0).
    public mutating func observe(_ seconds: Double) {
        let value = max(0, seconds)
        var bucket = 0
        while bucket < Self.bounds.count, value > Self.bounds[bucket] { bucket += 1 }
        counts[bucket] += 1
        sum += value
        count += 1
    }

    /// The smallest bucket bound at or below which a fraction `quantile` of the observations lie (`nil` when empty;
    /// `.infinity` when they lie past the last bound). An upper estimate, never an interpolation.
    public func upperBound(quantile: Double) -> Double? {
        guard count > 0 else { return nil }
        let needed = quantile * Double(count)
        var seen = 0
        for (index, observations) in counts.enumerated() {
            seen += observations
            if Double(seen) >= needed { return index < Self.bounds.count ? Self.bounds[index] : .infinity }
        }
        return .infinity
    }

    /// The histogram in the Prometheus text format under `name`.
    public func render(name: String, help: String) -> String {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        var cumulative = 0
        for (index, bound) in Self.bounds.enumerated() {
            cumulative += counts[index]
            text += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
        return text
    }
}
