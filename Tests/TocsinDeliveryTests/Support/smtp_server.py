#!/usr/bin/env python3
"""A real SMTP server for TocsinDelivery's tests, on Python's aiosmtpd.

It binds 127.0.0.1 on a free port and prints the port as its first stdout line; a test starts it, talks to it
and kills it. Every accepted message is written to the output folder as NNNN.eml (the raw bytes as received,
dot-unstuffed) with NNNN.json beside it (envelope, Message-ID, whether TLS and AUTH were in force); events.log
lists each MAIL, RCPT, AUTH and DATA in order, so a test can also prove what did not happen.

Modes (combinable):
  --starttls CERT KEY       offer STARTTLS with this certificate
  --implicit-tls CERT KEY   speak TLS from the first byte
  --auth                    require AUTH (PLAIN and LOGIN; user "tocsin", password "correct horse battery";
                            a wrong one gets 535); allowed without TLS, since the tests run on loopback
  --auth-mechanisms M ...   offer only these mechanisms (e.g. LOGIN)
  --tempfail                answer 451 to MAIL
  --delay SECONDS           wait before answering the end of the message data (a slow server)
Recipients containing "reject" get 550.

If aiosmtpd cannot be imported it prints "aiosmtpd-missing" and exits with status 3.
"""

import argparse
import asyncio
import json
import os
import ssl
import sys
from email.parser import BytesHeaderParser

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    print("aiosmtpd-missing", flush=True)
    sys.exit(3)

USER = b"tocsin"
PASSWORD = b"correct horse battery"
MECHANISMS = {"PLAIN", "LOGIN"}


class Recorder:
    """aiosmtpd handler: applies the test modes and writes what arrives."""

    def __init__(self, output, tempfail, delay):
        self.output = output
        self.tempfail = tempfail
        self.delay = delay
        self.count = 0

    def log(self, line):
        with open(os.path.join(self.output, "events.log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
        login = auth_data.login.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else "?"
        self.log(f"AUTH {mechanism} {login} {'ok' if ok else 'failed'}")
        # handled=False: aiosmtpd answers a failure itself (535); with its default it would send nothing.
        return AuthResult(success=ok, handled=False)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.log(f"MAIL {address}")
        if self.tempfail:
            return "451 4.3.0 Try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.log(f"RCPT {address}")
        if "reject" in address:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.count += 1
        name = f"{self.count:04d}"
        raw = envelope.original_content or envelope.content
        message_id = BytesHeaderParser().parsebytes(raw).get("Message-ID")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": message_id,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
        }
        # The .json goes last and atomically: a test that sees it can read the .eml whole.
        self.write(f"{name}.eml", raw)
        self.write(f"{name}.json", json.dumps(meta).encode())
        self.log(f"DATA {name} {message_id}")
        return f"250 2.0.0 Ok: queued as {name}"

    def write(self, name, data):
        temp = os.path.join(self.output, f".{name}.tmp")
        with open(temp, "wb") as f:
            f.write(data)
        os.replace(temp, os.path.join(self.output, name))


def tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


async def main():
    parser = argparse.ArgumentParser(description="SMTP server for TocsinDelivery's tests")
    parser.add_argument("--output", required=True)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", action="store_true")
    parser.add_argument("--auth-mechanisms", nargs="+", default=sorted(MECHANISMS))
    parser.add_argument("--tempfail", action="store_true")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--port", type=int, default=0, help="bind this port instead of a free one")
    args = parser.parse_args()

    recorder = Recorder(args.output, args.tempfail, args.delay)
    starttls = tls_context(*args.starttls) if args.starttls else None
    implicit = tls_context(*args.implicit_tls) if args.implicit_tls else None
    excluded = sorted(MECHANISMS - {m.upper() for m in args.auth_mechanisms})

    def factory():
        return SMTP(
            recorder,
            hostname="smtp.tocsin.test",
            ident="Tocsin test SMTP",
            tls_context=starttls,
            auth_required=args.auth,
            auth_require_tls=False,
            auth_exclude_mechanism=excluded,
            authenticator=recorder.authenticate if args.auth else None,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host="127.0.0.1", port=args.port, ssl=implicit)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
