/// A parsed Sigma condition such as `selection and not 1 of filter_*`.
public indirect enum ConditionExpression: Sendable, Hashable {
    /// A search identifier by name.
    case search(String)
    case and([ConditionExpression])
    case or([ConditionExpression])
    case not(ConditionExpression)
    /// `1 of pattern` (`pattern` may end in `*`; `them` means all searches not starting with `_`).
    case oneOf(String)
    /// `all of pattern`.
    case allOf(String)
}
