import TocsinDetection

extension SyslogMessage {
    /// The event Tocsin stores for this message, as compact JSON text.
    ///
    /// A body that is one JSON object in valid UTF-8 is the event as is (agents that ship JSON over syslog keep
    /// their field names). Any other body becomes `Message` beside the header fields; invalid UTF-8 in it is
    /// replaced with U+FFFD so the stored text is always valid JSON.
    func eventJSON() -> String {
        if let object = Self.jsonObject(body) { return object }
        var json = JSONObjectWriter()
        json.add("Facility", facility)
        json.add("Severity", severity)
        if let timestamp { json.add("Timestamp", timestamp) }
        if let hostname { json.add("Hostname", hostname) }
        if let appName { json.add("AppName", appName) }
        if let processID { json.add("ProcessID", processID) }
        if let messageID { json.add("MsgID", messageID) }
        if !structuredData.isEmpty {
            var data = JSONObjectWriter()
            for element in structuredData {
                var parameters = JSONObjectWriter()
                for parameter in element.parameters { parameters.add(parameter.name, parameter.value) }
                data.addRaw(element.id, parameters.text)
            }
            json.addRaw("StructuredData", data.text)
        }
        json.add("Message", String(decoding: body, as: UTF8.self))
        json.add("SyslogFormat", format.rawValue)
        return json.text
    }

    /// The body's text when it is exactly one JSON object of valid UTF-8 (surrounding whitespace trimmed).
    static func jsonObject(_ body: [UInt8]) -> String? {
        guard let first = body.firstIndex(where: { !RecordSplitter.isSpace($0) }), body[first] == 0x7B else {
            return nil
        }
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        let valid = body.withUnsafeBufferPointer { JSONValidator.problem(inObject: $0) == nil }
        return valid ? text.trimmingSpaces() : nil
    }
}

extension String {
    /// Without JSON whitespace at either end.
    fileprivate func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !RecordSplitter.isSpace($0) }),
            let last = bytes.lastIndex(where: { !RecordSplitter.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
