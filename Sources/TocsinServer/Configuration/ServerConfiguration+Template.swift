extension ServerConfiguration {
    /// The commented `tocsin.yaml` that `tocsin init` writes: every setting with its default value.
    ///
    /// A test checks that it parses to exactly the defaults, so the comments cannot drift from the code.
    public static let template = """
        # Tocsin configuration, read by `tocsin serve` at start and validated: an unknown key or a wrong value
        # stops the start with the line and the field. Flags and TOCSIN_* environment variables override it.

        # Where the HTTP server (API, ingest, dashboard) listens. Loopback by default: put a TLS reverse proxy in
        # front before opening it to the network.
        listen: 127.0.0.1:8470

        # Folder for the embedded SQLite database and Tocsin's state, relative to where Tocsin starts.
        data: tocsin-data

        # `sqlite` (a file in the data folder; one node) or a PostgreSQL URL for several nodes, e.g.
        # postgres://tocsin:secret@db.internal:5432/tocsin
        database: sqlite

        rules:
          # Tocsin's own rule pack for the attack chain that hits healthcare IT providers.
          pack: true
          # More Sigma rule files or folders (SigmaHQ's rules load unmodified).
          paths: []
          # A processing pipeline file instead of the built-in Windows one (optional).
          # pipeline: pipelines/custom.yml

        ingest:
          # Largest request body, after gzip decompression, and largest single event (bytes).
          max_body_bytes: 16777216
          max_event_bytes: 1048576
          # Events per second one API token may send; more is answered with 429 and Retry-After.
          rate_per_token: 200000
          # Events received but not yet matched; past this, ingest answers 429 until detection catches up.
          queue_events: 1000000
          # Syslog listeners (RFC 5424 and 3164; a JSON object as the message is the event). Off unless set. TCP
          # takes octet-counted or LF-delimited frames (RFC 6587); a message over max_event_bytes is skipped.
          # syslog:
          #   tcp: 127.0.0.1:5514
          #   udp: 127.0.0.1:5514
          # NDJSON files, or folders (their *.json, *.jsonl and *.ndjson files), followed like `tail -F` across
          # rotation and truncation; the read position is kept in the store, so a restart resumes there.
          watch: []

        grouping:
          # How alerts become incidents: host-or-tactics (one incident per attacked host; lateral movement joins
          # the hosts of one attack), host, rule, or none (everything in the window is one incident).
          key: host-or-tactics
          # An alert joins an open incident whose latest alert is at most this old.
          window: 2h
          # An incident with this many ATT&CK tactics is a multi-stage attack: its severity rises one level.
          escalate_at_tactics: 3

        correlation:
          # How long correlation rules wait for events that arrive out of order.
          tolerance: 60s
          # Open groups per correlation rule at most; the least active are dropped (and counted).
          max_groups: 100000

        retention:
          events: 30d
          alerts: 400d

        sessions:
          # A person's login ends after this long without a request, and this long after login in any case.
          idle_timeout: 12h
          lifetime: 24h
          # Mark the session cookie Secure (HTTPS only). Turn it on once a TLS proxy is in front.
          secure_cookie: false

        """
}
