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
          # While the oldest event not yet matched has waited longer than this, new batches are held until
          # detection catches up (an HTTP request at most 5 s, then 429), so alerts stay within about a second.
          max_detection_delay: 0.3s
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

        # ---- The alarm chain: who hears of an incident, over which channel, and when. ----
        # Off until contacts are configured. Secrets (SMTP passwords, webhook keys) are never kept in this file:
        # each channel names the environment variable that holds them.

        # The provider itself, as notices to authorities name it.
        # organisation:
        #   name: Praxis-IT GmbH
        #   address: Musterstraße 1, 12345 Musterstadt
        #   phone: "+49 30 1234567"
        #   email: info@praxis-it.example
        #   dpo: {name: Dr. Dana Schutz, email: dsb@praxis-it.example, phone: "+49 30 1234568"}
        #   security_contact: {name: SOC, email: soc@praxis-it.example, phone: "+49 30 1234569"}

        # Where people reach this server; links in messages (incident, acknowledgement) are built on it.
        # public_url: https://tocsin.praxis-it.example

        # Channels by name. smtp: security starttls (required: never a fall-back to plain text), tls (implicit TLS,
        # port 465) or none (a local relay); sendmail: a local MTA (`sendmail -t -oi`); webhook: Tocsin's JSON,
        # signed with HMAC-SHA256 when secret_env is set; pagerduty: Events API v2; file: .eml files in a folder.
        # channels:
        #   mail: {type: smtp, host: mail.praxis-it.example, port: 587, security: starttls, username: tocsin,
        #          password_env: TOCSIN_SMTP_PASSWORD, from: "Tocsin <tocsin@praxis-it.example>"}
        #   pager: {type: pagerduty, routing_key_env: TOCSIN_PAGERDUTY_KEY}
        #   hook: {type: webhook, url: "https://chat.praxis-it.example/hooks/tocsin", secret_env: TOCSIN_HOOK_SECRET}
        #   outbox: {type: file, directory: tocsin-data/outbox, from: "Tocsin <tocsin@praxis-it.example>"}

        # How the outbox delivers: attempts per message, back-off (doubling, with jitter), messages at once, and
        # how often escalations are looked at.
        delivery:
          attempts: 8
          initial_delay: 5s
          maximum_delay: 10m
          concurrency: 8
          tick: 1s

        # Acknowledgement links in pages: signed, for one incident, valid this long.
        acknowledgement:
          link_lifetime: 24h

        # People and organisations. Roles: on_call, management, data_protection_officer, incident_response_retainer,
        # police_cybercrime, security_agency, data_protection_authority, telematics_operator, customer. Language de
        # or en. `email:` is short for an endpoint on the channel named mail.
        # contacts:
        #   - {id: anna, name: Anna Weber, roles: [on_call], language: de, email: anna@praxis-it.example,
        #      endpoints: [{channel: pager}]}
        #   - {id: ben, name: Ben Novak, roles: [on_call], language: en, email: ben@praxis-it.example}
        #   - {id: cfo, name: Clara Fuchs, roles: [management], email: c.fuchs@praxis-it.example}
        #   - {id: dsb, name: Dr. Dana Schutz, roles: [data_protection_officer], email: dsb@praxis-it.example}
        #   - {id: ir, name: Retainer Hotline, organisation: IR-Firma GmbH, roles: [incident_response_retainer],
        #      email: hotline@ir-firma.example}
        #   - {id: zac, name: ZAC Cybercrime, organisation: LKA, roles: [police_cybercrime], email: zac@polizei.example}
        #   - {id: bsi, name: Meldestelle, organisation: BSI, roles: [security_agency], email: meldestelle@bsi.example}

        # Escalation policies (PagerDuty's model): tiers paged in order, each `delay` after the previous one, the
        # whole policy `repeats` more times; acknowledging stops it. The first policy whose trigger matches an
        # incident starts when it opens.
        # escalation_policies:
        #   - name: critical
        #     trigger: {minimum_severity: high}
        #     repeats: 1
        #     tiers:
        #       - {delay: 5m, targets: [role:on_call]}
        #       - {delay: 10m, targets: [cfo]}

        # Playbooks: when an incident reaches a severity or a tag (ATT&CK tactics and the rules' tags), each runs
        # once, paging a policy and sending messages from templates (`tocsin notify preview` shows them). Notices to
        # authorities and customers wait for one click (approval: required) unless set to automatic.
        # playbooks:
        #   - name: ransomware
        #     trigger: {minimum_severity: critical, tags: [attack.impact, attack.t1486]}
        #     steps:
        #       - {page: critical}
        #       - {notify: management_briefing, to: [role:management]}
        #       - {notify: dpo_briefing, to: [role:data_protection_officer]}
        #       - {notify: ir_retainer_request, to: [role:incident_response_retainer]}
        #       - {notify: police_report, to: [role:police_cybercrime]}
        #       - {notify: bsi_early_warning, to: [role:security_agency]}

        # A folder of your own templates (NAME.LANGUAGE.PART.mustache) replacing the bundled ones of that name.
        # templates: tocsin-templates

        # ---- Service continuity and the public status page (/status, no login). ----
        # The service catalogue: data centres, systems, customer groups and services with their dependencies
        # (samples/catalogue.yaml is a complete example). Without one the page lists no services.
        # continuity:
        #   catalogue: catalogue.yaml

        # The page: German by default, English by ?lang=en or the browser's language; HTML without scripts, an
        # Atom feed (/status/history.atom) and Statuspage-style JSON (/status/api/v2/summary.json). Responders post
        # updates at /manage/status. Subscriptions need a mail channel (above); `export` writes the page as static
        # files after every change, to host apart from the attacked systems.
        # status_page:
        #   organisation: {de: Praxis-IT GmbH, en: Praxis-IT Ltd}
        #   contact_lines:
        #     - {de: "Hotline (auch bei E-Mail-Ausfall): +49 30 1234500", en: "Hotline (also when e-mail is down): +49 30 1234500"}
        #   history_days: 15
        #   subscriptions_channel: mail
        #   refresh_interval: 5s
        #   export: /var/www/status

        """
}
