import Testing

/// cidr, exists, fieldref, numeric comparisons, neq, time parts, null and expand.
@Suite("Semantics: value modifiers")
struct SemanticsValueModifierTests {
    static let cidr: [SemanticsCase] =
        SemanticsCase.group(
            "cidr IPv4",
            #"""
            sel:
              SourceIp|cidr:
                - 10.0.0.0/8
                - 192.168.1.0/24
            condition: sel
            """#,
            [
                (#"{"SourceIp": "10.1.2.3"}"#, true),
                (#"{"SourceIp": "192.168.1.254"}"#, true),
                (#"{"SourceIp": "192.168.2.1"}"#, false),
                (#"{"SourceIp": "11.0.0.1"}"#, false),
                (#"{"SourceIp": "not-an-ip"}"#, false),
                (#"{"SourceIp": "fe80::1"}"#, false),
            ])
        + SemanticsCase.group(
            "cidr IPv6",
            #"""
            sel:
              SourceIp|cidr:
                - fe80::/10
                - 2001:db8::/32
            condition: sel
            """#,
            [
                (#"{"SourceIp": "fe80::1"}"#, true),
                (#"{"SourceIp": "FEBF:0:0:0:0:0:0:1"}"#, true),
                (#"{"SourceIp": "2001:0db8:0000::ff"}"#, true),
                (#"{"SourceIp": "fec0::1"}"#, false),
                (#"{"SourceIp": "2001:db9::1"}"#, false),
                (#"{"SourceIp": "10.1.2.3"}"#, false),
            ])
        // Defensible choice: an IPv4-mapped IPv6 address belongs to the IPv4 network.
        + SemanticsCase.group(
            "cidr IPv4 against an IPv4-mapped IPv6 address",
            #"""
            sel:
              SourceIp|cidr: 127.0.0.0/8
            condition: sel
            """#,
            [(#"{"SourceIp": "::ffff:127.0.0.1"}"#, true), (#"{"SourceIp": "::1"}"#, false)])

    static let exists: [SemanticsCase] =
        SemanticsCase.group(
            "exists: true",
            #"""
            sel:
              Field|exists: true
            condition: sel
            """#,
            [
                (#"{"Field": "x"}"#, true),
                (#"{"Field": ""}"#, true),
                (#"{"Other": "x"}"#, false),
            ])
        + SemanticsCase.group(
            "exists: false",
            #"""
            sel:
              Field|exists: false
            condition: sel
            """#,
            [
                (#"{"Other": "x"}"#, true),
                (#"{"Field": 0}"#, false),
            ])

    static let fieldref: [SemanticsCase] =
        SemanticsCase.group(
            "fieldref compares two fields",
            #"""
            sel:
              SubjectUserName|fieldref: TargetUserName
            condition: sel
            """#,
            [
                (#"{"SubjectUserName": "alice", "TargetUserName": "ALICE"}"#, true),
                (#"{"SubjectUserName": "alice", "TargetUserName": "bob"}"#, false),
                (#"{"SubjectUserName": "alice"}"#, false),
            ])
        + SemanticsCase.group(
            "not fieldref (as SigmaHQ filters use it)",
            #"""
            sel:
              Image|endswith: \runas.exe
            filter_same_user:
              User|fieldref: ParentUser
            condition: sel and not filter_same_user
            """#,
            [
                (#"{"Image": "C:\\runas.exe", "User": "a", "ParentUser": "b"}"#, true),
                (#"{"Image": "C:\\runas.exe", "User": "a", "ParentUser": "a"}"#, false),
            ])
        // Like `neq` on an absent field (and SQL's NULL): with the other field absent there is nothing to differ from.
        + SemanticsCase.group(
            "neq|fieldref",
            #"""
            sel:
              User|neq|fieldref: ParentUser
            condition: sel
            """#,
            [
                (#"{"User": "a", "ParentUser": "b"}"#, true),
                (#"{"User": "a", "ParentUser": "A"}"#, false),
                (#"{"User": "a"}"#, false),
                (#"{"ParentUser": "b"}"#, false),
            ])
        + SemanticsCase.group(
            "fieldref|contains",
            #"""
            sel:
              CommandLine|fieldref|contains: User
            condition: sel
            """#,
            [
                (#"{"CommandLine": "runas /user:bob x", "User": "bob"}"#, true),
                (#"{"CommandLine": "runas /user:bob x", "User": "carol"}"#, false),
            ])
        + SemanticsCase.group(
            "fieldref|startswith",
            #"""
            sel:
              TargetFilename|fieldref|startswith: Folder
            condition: sel
            """#,
            [
                (#"{"TargetFilename": "C:\\Temp\\a.exe", "Folder": "C:\\Temp"}"#, true),
                (#"{"TargetFilename": "D:\\C:\\Temp\\a.exe", "Folder": "C:\\Temp"}"#, false),
            ])
        + SemanticsCase.group(
            "fieldref|endswith",
            #"""
            sel:
              Image|fieldref|endswith: OriginalFileName
            condition: sel
            """#,
            [
                (#"{"Image": "C:\\x\\Cmd.Exe", "OriginalFileName": "cmd.exe"}"#, true),
                (#"{"Image": "C:\\x\\cmd.exe.bak", "OriginalFileName": "cmd.exe"}"#, false),
            ])

    static let numeric: [SemanticsCase] =
        SemanticsCase.group(
            "gt",
            "sel:\n  Size|gt: 100\ncondition: sel",
            [
                (#"{"Size": 101}"#, true),
                (#"{"Size": "150"}"#, true),
                (#"{"Size": 100}"#, false),
                (#"{"Size": "abc"}"#, false),
            ])
        + SemanticsCase.group(
            "gte", "sel:\n  Size|gte: 100\ncondition: sel", [(#"{"Size": 100}"#, true), (#"{"Size": 99.5}"#, false)])
        + SemanticsCase.group(
            "lt", "sel:\n  Size|lt: -1\ncondition: sel", [(#"{"Size": -2}"#, true), (#"{"Size": -1}"#, false)])
        + SemanticsCase.group(
            "lte", "sel:\n  Size|lte: 1.5\ncondition: sel", [(#"{"Size": 1.5}"#, true), (#"{"Size": 2e0}"#, false)])
        + SemanticsCase.group(
            "numbers compare by value, not by text",
            "sel:\n  Size|gt: 9\ncondition: sel", [(#"{"Size": "10"}"#, true), (#"{"Size": "0x10"}"#, true)])

    static let neq: [SemanticsCase] =
        // Defensible choice, as pySigma's SQL backends: a missing field does not satisfy `neq`.
        SemanticsCase.group(
            "neq",
            #"""
            sel:
              User|neq:
                - admin
                - root
            condition: sel
            """#,
            [
                (#"{"User": "bob"}"#, true),
                (#"{"User": "ADMIN"}"#, false),
                (#"{"User": "root"}"#, false),
                (#"{"Other": "bob"}"#, false),
            ])
        + SemanticsCase.group(
            "neq on numbers", "sel:\n  EventID|neq: 4688\ncondition: sel",
            [(#"{"EventID": 4689}"#, true), (#"{"EventID": "4688"}"#, false)])

    static let time: [SemanticsCase] =
        SemanticsCase.group(
            "time parts of a timestamp, taken as written",
            #"""
            sel:
              UtcTime|year: 2024
              UtcTime|month: 3
              UtcTime|day: 5
              UtcTime|hour: 14
              UtcTime|minute: 22
              UtcTime|week: 10
            condition: sel
            """#,
            [
                (#"{"UtcTime": "2024-03-05 14:22:10.123"}"#, true),
                (#"{"UtcTime": "2024-03-05T14:22:10Z"}"#, true),
                (#"{"UtcTime": "2024-03-05 14:23:10.123"}"#, false),
                (#"{"UtcTime": "2024-03-05 15:22:10.123"}"#, false),
                (#"{"UtcTime": "2024-03-06 14:22:10.123"}"#, false),
                (#"{"UtcTime": "2024-04-05 14:22:10.123"}"#, false),
                (#"{"UtcTime": "2023-03-05 14:22:10.123"}"#, false),
                (#"{"UtcTime": "not a date"}"#, false),
            ])
        + SemanticsCase.group(
            "week is the ISO week (2021-01-02 is in week 53)",
            "sel:\n  UtcTime|week: 53\ncondition: sel",
            [(#"{"UtcTime": "2021-01-02 00:00:00"}"#, true), (#"{"UtcTime": "2021-01-04 00:00:00"}"#, false)])
        + SemanticsCase.group(
            "a time part with a comparison",
            "sel:\n  UtcTime|hour|lt: 6\ncondition: sel",
            [(#"{"UtcTime": "2024-03-05T03:04:05Z"}"#, true), (#"{"UtcTime": "2024-03-05T06:00:00Z"}"#, false)])

    static let null: [SemanticsCase] =
        SemanticsCase.group(
            "null matches an absent, empty or JSON-null field",
            "sel:\n  Field: null\ncondition: sel",
            [
                (#"{"Other": "x"}"#, true),
                (#"{"Field": ""}"#, true),
                (#"{"Field": null}"#, true),
                (#"{"Field": "x"}"#, false),
                (#"{"Field": 0}"#, false),
            ])
        + SemanticsCase.group(
            "not null",
            "sel:\n  Field: null\ncondition: not sel",
            [(#"{"Field": "x"}"#, true), (#"{"Other": "x"}"#, false)])

    static let expand: [SemanticsCase] =
        SemanticsCase.group(
            "expand takes the values of a pipeline placeholder",
            #"""
            sel:
              User|expand: '%admins%'
            condition: sel
            """#,
            [
                (#"{"User": "BOB"}"#, true),
                (#"{"User": "alice"}"#, true),
                (#"{"User": "carol"}"#, false),
                (#"{"User": "%admins%"}"#, false),
            ])
        + SemanticsCase.group(
            "expand inside a longer value, with contains",
            #"""
            sel:
              Path|expand|contains: '\Users\%admins%\'
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\Users\\bob\\x.exe"}"#, true),
                (#"{"Path": "C:\\Users\\carol\\x.exe"}"#, false),
            ])

    static let expandAll: [SemanticsCase] =
        SemanticsCase.group(
            "expand|contains|all: each value needs one of its expansions",
            #"""
            sel:
              Path|expand|contains|all:
                - '\Users\%admins%\'
                - '\Temp\'
            condition: sel
            """#,
            [
                (#"{"Path": "C:\\Users\\bob\\Temp\\x.exe"}"#, true),
                (#"{"Path": "C:\\Users\\bob\\x.exe"}"#, false),
                (#"{"Path": "C:\\Users\\carol\\Temp\\x.exe"}"#, false),
            ])

    @Test(arguments: cidr)
    func cidrMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: exists)
    func existsMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: fieldref)
    func fieldrefMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: numeric)
    func numericMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: neq)
    func neqMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: time)
    func timeMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: null)
    func nullMatch(_ row: SemanticsCase) throws { try Sigma.check(row) }

    @Test(arguments: expand + expandAll)
    func expandMatch(_ row: SemanticsCase) throws {
        try Sigma.check(row, extraPipeline: "placeholders:\n  admins: [alice, bob]")
    }
}
