/// A message ready for a channel: a one-line subject and the same content as plain text and as HTML.
public struct RenderedMessage: Sendable, Equatable {
    /// One line, trimmed, never HTML-escaped.
    public var subject: String
    /// Plain text, never HTML-escaped, ending in one newline.
    public var text: String
    /// A whole HTML document with every value escaped.
    public var html: String

    /// Creates a rendered message.
    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
