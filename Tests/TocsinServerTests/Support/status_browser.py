#!/usr/bin/env python3
"""Drives a running `tocsin serve` in headless Chromium: the public status page and the responder's form.

It reads the public page in German and English, switches a data centre off over the API (with --token), logs in
as a responder, posts an incident and a second update through the form, and follows both to the page and the
Atom feed. Every page it sees must be free of scripts and label each form control.

Prints one JSON line with the checks passed and exits 0, or prints the failing check with an excerpt of the page
and exits 1 (2: bad usage or no browser).

    python3 status_browser.py --base-url http://127.0.0.1:8470 --user anna --password '…' \\
        --catalogue samples/catalogue.yaml [--token tcn_…]

Needs selenium, PyYAML, Chromium and chromedriver.
"""

import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree

import yaml
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

STATES_DE = [
    "Betriebsbereit", "Vorsorglich abgeschaltet", "Notbetrieb (Ersatzverfahren aktiv)", "Ausfall", "Teilausfall",
    "Wartung", "Eingeschränkte Leistung",
]
STATES_EN = [
    "Operational", "Switched off as a precaution", "Emergency operation (fallback procedure active)",
    "Major outage", "Partial outage", "Under maintenance", "Degraded performance",
]
ATOM = "{http://www.w3.org/2005/Atom}"
# Seconds the public page, refreshed from a cache on each change, may take to show a change.
PUBLIC_DELAY = 10
# Input types that need no label of their own.
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class CheckFailed(Exception):
    """One failed check: its name, what was wrong, and an excerpt of what the browser saw."""

    def __init__(self, check, message, excerpt=""):
        super().__init__(message)
        self.check = check
        self.message = message
        self.excerpt = excerpt


class Run:
    """The browser session and the names of the checks passed so far."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base = base_url.rstrip("/")
        self.passed = []

    def excerpt(self, around=None, width=1500):
        """The page's visible text (around `around` when given), else its source, shortened."""
        try:
            text = self.driver.find_element(By.TAG_NAME, "body").text
        except WebDriverException:
            text = self.driver.page_source
        if around and around in text:
            start = max(0, text.index(around) - width // 2)
            text = text[start:start + width]
        return f"url: {self.driver.current_url}\n{text[:width]}"

    def check(self, name, condition, message, excerpt=None):
        if not condition:
            raise CheckFailed(name, message, self.excerpt() if excerpt is None else excerpt)
        self.passed.append(name)

    def wait(self, name, condition, message, seconds=PUBLIC_DELAY):
        """Waits for `condition(driver)` to be truthy; its value."""
        try:
            value = WebDriverWait(self.driver, seconds, poll_frequency=0.25).until(condition)
        except TimeoutException:
            raise CheckFailed(name, f"{message} (waited {seconds} s)", self.excerpt()) from None
        self.passed.append(name)
        return value

    def open(self, path):
        self.driver.get(self.base + path)
        WebDriverWait(self.driver, 10).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "body")))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def wait_on_public_page(self, name, path, wanted, message):
        """Reloads `path` until every string of `wanted` is in its visible text (the page is cached)."""
        def shown(driver):
            driver.get(self.base + path)
            text = driver.find_element(By.TAG_NAME, "body").text
            return all(item in text for item in wanted)
        self.wait(name, shown, message)


def parse_arguments():
    parser = argparse.ArgumentParser(description="Browser test of Tocsin's status page and responder form.")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--catalogue", required=True, help="the catalogue the server reads (continuity.catalogue)")
    parser.add_argument("--token", help="a responder's bearer token; enables the containment check")
    return parser.parse_args()


def read_catalogue(path):
    """Services (id, German and English names) and the containment to try: a data centre and a service on it.

    The service runs only there, is not redundant and has no fallback procedure, so switching the data centre off
    must show it as switched off as a precaution (not as emergency operation).
    """
    with open(path, encoding="utf-8") as file:
        catalogue = yaml.safe_load(file)

    def names(value):
        return (value, value) if isinstance(value, str) else (value["de"], value["en"])

    centre_of = {system["id"]: system["data_centre"] for system in catalogue.get("systems", [])}
    services = []
    contained = None
    for service in catalogue.get("services", []):
        de, en = names(service["name"])
        services.append({"id": service["id"], "de": de, "en": en})
        centres = {centre_of.get(system) for system in service.get("runs_on", [])}
        if contained is None and len(centres) == 1 and None not in centres and not service.get("redundant") \
                and not service.get("fallback"):
            contained = {"data_centre": centres.pop(), "service": services[-1]}
    if not services:
        raise CheckFailed("catalogue", f"{path} lists no services")
    return services, contained


def component_state(run, name):
    """The state text shown beside the component called `name` in the services list, or None."""
    listed = run.driver.execute_script("""
        const states = {};
        for (const item of document.querySelectorAll('li.component')) {
            const name = item.querySelector('.name'), state = item.querySelector('.state');
            if (name && state) states[name.textContent.trim()] = state.textContent.trim();
        }
        return states;
    """)
    if name in listed:
        return listed[name]
    # Another markup: the longest state word after the name, on its line or the next.
    lines = run.text().splitlines() + [""]
    for index, line in enumerate(lines[:-1]):
        if line.strip().startswith(name):
            rest = line.strip()[len(name):] + " " + lines[index + 1]
            found = [state for state in STATES_DE + STATES_EN if state in rest]
            if found:
                return max(found, key=len)
    return None


def check_accessible(run, page):
    """No script anywhere, and each form control but hidden fields and buttons has a label."""
    source = run.driver.page_source
    run.check(f"{page}: no <script>", "<script" not in source.lower(), "the page contains a <script> element",
              excerpt=source[max(0, source.lower().find("<script") - 200):][:600])
    unlabelled = run.driver.execute_script("""
        const missing = [];
        for (const control of document.querySelectorAll('input, select, textarea')) {
            const type = (control.getAttribute('type') || '').toLowerCase();
            if (control.tagName === 'INPUT' && arguments[0].includes(type)) continue;
            const byFor = control.id && document.querySelector('label[for="' + CSS.escape(control.id) + '"]');
            if (!byFor && !control.closest('label')) missing.push(control.outerHTML);
        }
        return missing;
    """, sorted(UNLABELLED_TYPES))
    run.check(f"{page}: every form control has a <label>", not unlabelled,
              f"{len(unlabelled)} form control(s) without a <label>", excerpt="\n".join(unlabelled[:5]))


def check_public_page(run, language, services):
    """The page in `language`: lang attribute, one h1, every service named, state words of that language only."""
    path = "/status" if language == "de" else "/status?lang=en"
    run.open(path)
    page = f"/status ({language})"
    lang = run.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
    run.check(f"{page}: html lang", lang == language, f'<html lang="{lang}">, expected lang="{language}"')
    headings = run.driver.find_elements(By.TAG_NAME, "h1")
    run.check(f"{page}: one h1", len(headings) == 1 and headings[0].text.strip(),
              f"{len(headings)} h1 element(s), expected one with text")
    text = run.text()
    missing = [service[language] for service in services if service[language] not in text]
    run.check(f"{page}: component names", not missing, f"services not named on the page: {missing}")
    own, other = (STATES_DE, STATES_EN) if language == "de" else (STATES_EN, STATES_DE)
    shown = {service[language]: component_state(run, service[language]) for service in services}
    wrong = {name: state for name, state in shown.items() if state not in own}
    run.check(f"{page}: a state in {language} per component", not wrong,
              f"components without a state word in {language}: {wrong}")
    wrong = [state for state in other[:3] if state in text]
    run.check(f"{page}: no state words of the other language", not wrong, f"state words of another language: {wrong}")
    check_accessible(run, page)


def request(url, data=None, headers=None):
    """(status, body) of a plain HTTP request."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def contain(run, token, contained):
    """Switches the data centre off over the API and waits for the service to show it in both languages."""
    centre, service = contained["data_centre"], contained["service"]
    body = json.dumps({"targets": [{"kind": "data_centre", "id": centre}], "reason": "Browsertest: containment"})
    status, answer = request(run.base + "/api/v1/continuity/containments", body.encode(),
                             {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    run.check("containment: 201", status == 201, f"POST /api/v1/continuity/containments answered {status}",
              excerpt=answer[:1000])
    for language, path, word in (("de", "/status", STATES_DE[1]), ("en", "/status?lang=en", STATES_EN[1])):
        def switched_off(driver, path=path, language=language, word=word):
            driver.get(run.base + path)
            return component_state(run, service[language]) == word
        run.wait(f"containment: {service[language]} shows '{word}'", switched_off,
                 f"after containing data centre {centre}, {service[language]} does not show '{word}' on {path}")


def log_in(run, user, password):
    run.open("/manage/login")
    form = run.wait("login: form", lambda d: d.find_element(By.CSS_SELECTOR, "form#login"),
                    "no form#login on /manage/login", seconds=5)
    run.check("login: form posts to /manage/login",
              (form.get_attribute("method") or "").lower() == "post"
              and (form.get_attribute("action") or "").endswith("/manage/login"),
              "form#login is not method=post action=/manage/login")
    check_accessible(run, "/manage/login")
    form.find_element(By.NAME, "name").send_keys(user)
    form.find_element(By.NAME, "password").send_keys(password)
    run.driver.find_element(By.ID, "login-submit").click()
    run.wait("login: lands on /manage/status with form#post-update",
             lambda d: d.current_url.split("?")[0].endswith("/manage/status")
             and d.find_elements(By.CSS_SELECTOR, "form#post-update"),
             "logging in did not lead to /manage/status with form#post-update", seconds=10)


def post_update(run, incident, phase, bodies, component, titles=None):
    """Fills form#post-update and submits it; `incident` is an option's value or a function choosing an option."""
    form = run.driver.find_element(By.CSS_SELECTOR, "form#post-update")
    run.check("form: csrf_token", form.find_elements(By.CSS_SELECTOR, 'input[type="hidden"][name="csrf_token"]'),
              "form#post-update has no hidden csrf_token")
    chooser = Select(form.find_element(By.NAME, "incident"))
    if callable(incident):
        option = incident(chooser.options)
        run.check("form: the open incident is offered", option is not None,
                  "no option of select[name=incident] is the incident posted before",
                  excerpt="\n".join(f"{o.get_attribute('value')}: {o.text}" for o in chooser.options))
        chooser.select_by_value(option.get_attribute("value"))
    else:
        chooser.select_by_value(incident)
    if titles:
        for field, value in titles.items():
            element = form.find_element(By.NAME, field)
            element.clear()
            element.send_keys(value)
    Select(form.find_element(By.NAME, "phase")).select_by_value(phase)
    for field, value in bodies.items():
        element = form.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    box = form.find_element(By.CSS_SELECTOR, f'input[name="components"][value="{component}"]')
    if not box.is_selected():
        box.click()
    run.driver.find_element(By.ID, "post-update-submit").click()
    run.wait(f"post {phase}: #posted on /manage/status",
             lambda d: d.current_url.split("?")[0].endswith("/manage/status") and d.find_elements(By.ID, "posted"),
             f"submitting the {phase} update did not lead back to /manage/status with #posted", seconds=10)


def feed_titles(run, language):
    status, body = request(f"{run.base}/status/history.atom?lang={language}")
    if status != 200:
        return status, []
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return "not XML", []
    return status, ["".join(entry.find(f"{ATOM}title").itertext()) for entry in root.iter(f"{ATOM}entry")
                    if entry.find(f"{ATOM}title") is not None]


def wait_for_feed_entry(run, language, title):
    deadline = time.monotonic() + PUBLIC_DELAY
    while True:
        status, titles = feed_titles(run, language)
        if any(title in entry for entry in titles):
            run.passed.append(f"atom ({language}): entry '{title}'")
            return
        if time.monotonic() > deadline:
            raise CheckFailed(f"atom ({language}): entry", f"no entry titled '{title}' in the {language} feed "
                              f"(status {status})", excerpt="\n".join(titles[:10]))
        time.sleep(0.25)


def summary_incidents(run, titles):
    status, body = request(run.base + "/status/api/v2/summary.json")
    run.check("summary.json: 200", status == 200, f"summary.json answered {status}", excerpt=body[:1000])
    try:
        summary = json.loads(body)
    except ValueError:
        raise CheckFailed("summary.json: JSON", "summary.json is not JSON", excerpt=body[:1000]) from None
    run.check("summary.json: shape", isinstance(summary.get("status"), dict) and "indicator" in summary["status"]
              and all("status" in component for component in summary.get("components", []))
              and isinstance(summary.get("incidents"), list),
              "summary.json lacks status.indicator, components[].status or incidents[]", excerpt=body[:1000])
    return [incident for incident in summary["incidents"]
            if any(title in json.dumps(incident, ensure_ascii=False) for title in titles)]


def scenario(run, arguments):
    services, contained = read_catalogue(arguments.catalogue)
    run.passed.append(f"catalogue: {len(services)} services")
    check_public_page(run, "de", services)
    check_public_page(run, "en", services)

    if arguments.token:
        run.check("catalogue: a service to contain", contained is not None,
                  "no service runs in one data centre only without redundancy and fallback", excerpt="")
        contain(run, arguments.token, contained)

    log_in(run, arguments.user, arguments.password)
    check_accessible(run, "/manage/status")
    marker = uuid.uuid4().hex[:10]
    titles = {"title_de": f"Browsertest {marker}: Störung der Anmeldung",
              "title_en": f"Browser test {marker}: sign-in disrupted"}
    first = {"body_de": f"Wir prüfen eine Störung & sichern Spuren ({marker}, Meldung 1).",
             "body_en": f"We are investigating a disruption & securing evidence ({marker}, update 1)."}
    second = {"body_de": f"Ursache gefunden: ein Zertifikat ist abgelaufen ({marker}, Meldung 2).",
              "body_en": f"Cause found: an expired certificate ({marker}, update 2)."}
    component = next((s for s in services if contained is None or s["id"] != contained["service"]["id"]), services[0])

    post_update(run, "new", "investigating", first, component["id"], titles)
    run.wait_on_public_page("/status (de): German body of update 1", "/status", [first["body_de"]],
                            "the German body of the new incident is not on /status")
    run.check("/status (de): no English body", first["body_en"] not in run.text(),
              "the English body is on the German page")
    run.wait_on_public_page("/status (en): English body of update 1", "/status?lang=en", [first["body_en"]],
                            "the English body of the new incident is not on /status?lang=en")
    run.check("/status (en): no German body", first["body_de"] not in run.text(),
              "the German body is on the English page")
    wait_for_feed_entry(run, "de", titles["title_de"])
    wait_for_feed_entry(run, "en", titles["title_en"])
    run.check("summary.json: the incident", summary_incidents(run, titles.values()),
              "the new incident is not in summary.json's incidents", excerpt="")

    run.open("/manage/status")

    def ours(options):
        offered = [o for o in options if o.get_attribute("value") != "new"]
        named = [o for o in offered if marker in o.text]
        return named[0] if named else (offered[0] if len(offered) == 1 else None)
    post_update(run, ours, "identified", second, component["id"])
    run.wait_on_public_page("/status (de): both updates", "/status", [first["body_de"], second["body_de"]],
                            "/status does not show both German updates")
    run.wait_on_public_page("/status (en): both updates", "/status?lang=en", [first["body_en"], second["body_en"]],
                            "/status?lang=en does not show both English updates")
    matching = summary_incidents(run, titles.values())
    run.check("summary.json: the second update joined the incident", len(matching) == 1,
              f"{len(matching)} incidents carry the title; the second update should not open another", excerpt="")


def browser():
    options = webdriver.ChromeOptions()
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=de-DE",
                     "--window-size=1280,1024"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    driver_path = "/usr/bin/chromedriver"
    service = webdriver.ChromeService(executable_path=driver_path) if os.path.exists(driver_path) else None
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    return driver


def main():
    arguments = parse_arguments()
    # A caller's SIGTERM (a test's deadline) unwinds through `finally`, so Chromium and chromedriver end too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(3))
    started = time.monotonic()
    try:
        driver = browser()
    except WebDriverException as error:
        print(f"status_browser: cannot start headless Chromium: {error.msg}", file=sys.stderr)
        return 2
    run = Run(driver, arguments.base_url)
    try:
        scenario(run, arguments)
    except CheckFailed as failure:
        print(f"FAILED {failure.check}: {failure.message}")
        print(f"passed before: {len(run.passed)} checks, last: {run.passed[-1] if run.passed else '-'}")
        if failure.excerpt:
            print("excerpt:")
            print(re.sub(r"\n{3,}", "\n\n", failure.excerpt))
        return 1
    except WebDriverException as error:
        print(f"FAILED browser: {error.msg}")
        print(f"passed before: {len(run.passed)} checks, last: {run.passed[-1] if run.passed else '-'}")
        print("excerpt:")
        print(run.excerpt())
        return 1
    finally:
        driver.quit()
    print(json.dumps({"ok": True, "checks": run.passed, "seconds": round(time.monotonic() - started, 1)},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
