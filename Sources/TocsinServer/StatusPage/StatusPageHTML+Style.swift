extension StatusPageHTML {
    /// The page's only style sheet, inline. Dark text on light backgrounds throughout (contrast well above 4.5:1);
    /// every state is also written out, so colour is never the only signal.
    static let stylesheet = """
        :root { color: #1a1a1a; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, \
        Arial, sans-serif; line-height: 1.5; }
        body { margin: 0 auto; max-width: 56rem; padding: 0 1rem 2rem; }
        a { color: #0b4fa8; }
        a:focus, button:focus, input:focus, summary:focus { outline: 3px solid #0b4fa8; outline-offset: 2px; }
        .skip { position: absolute; left: -10000px; top: auto; }
        .skip:focus { position: static; display: inline-block; margin: 0.5rem 0; padding: 0.5rem; \
        background: #ffffff; }
        header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; \
        border-bottom: 1px solid #6b6b6b; }
        .organisation { font-weight: bold; }
        .languages { list-style: none; display: flex; gap: 1rem; padding: 0; }
        .languages a[aria-current] { font-weight: bold; text-decoration: none; }
        .overall { border-left: 0.5rem solid #2e7d32; padding: 0.25rem 1rem; margin: 1rem 0; background: #f5f5f5; }
        .indicator-minor { border-left-color: #8a5a00; }
        .indicator-major { border-left-color: #b34700; }
        .indicator-critical { border-left-color: #b00020; }
        .headline { font-size: 1.4rem; margin: 0.25rem 0; }
        .phishing { border: 2px solid #5c3a00; background: #fff4e5; padding: 0.5rem; }
        ul.components { list-style: none; padding: 0; }
        .component { border-bottom: 1px solid #d0d0d0; padding: 0.5rem 0; }
        .component .name { font-weight: bold; margin-right: 0.5rem; }
        .state { display: inline-block; padding: 0 0.5rem; border: 1px solid currentColor; border-radius: 0.25rem; }
        .state-operational { color: #0b3d1a; background: #e6f4ea; }
        .state-degraded { color: #5c3a00; background: #fff4e5; }
        .state-partial_outage { color: #6b2e00; background: #ffe9d6; }
        .state-major_outage { color: #7a0010; background: #fde7e9; }
        .state-maintenance { color: #0b3a7a; background: #e8f0fe; }
        .state-switched_off_as_precaution { color: #4a1a6b; background: #f3e8fd; }
        .state-emergency_operation { color: #4d3900; background: #fff0c2; }
        .note, .description { margin: 0.25rem 0 0; }
        article { border: 1px solid #6b6b6b; border-radius: 0.25rem; padding: 0 1rem; margin: 1rem 0; }
        .update { border-top: 1px solid #d0d0d0; }
        .meta, .hint { color: #404040; }
        label { display: block; font-weight: bold; }
        input[type=email] { padding: 0.4rem; border: 1px solid #4d4d4d; min-width: 16rem; font: inherit; }
        button { padding: 0.4rem 1rem; border: 1px solid #0b4fa8; background: #0b4fa8; color: #ffffff; font: inherit; }
        footer { border-top: 1px solid #6b6b6b; margin-top: 2rem; color: #404040; }
        """
}
