#!/usr/bin/env python3
"""Parses an RFC 5322 message with Python's email package and prints what a mail reader would see, as JSON.

Usage: parse_mime.py FILE. Used by TocsinDeliveryTests to check the MIME writer against a real parser.
"""

import email
import email.policy
import json
import sys


def addresses(header):
    return [[a.display_name, a.addr_spec] for a in header.addresses] if header is not None else []


def main():
    raw = open(sys.argv[1], "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    defects = [type(d).__name__ for d in message.defects]
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "content": part.get_content(),
        })
    lines = raw.split(b"\r\n")
    print(json.dumps({
        "subject": message["Subject"],
        "from": addresses(message["From"]),
        "to": addresses(message["To"]),
        "message_id": message["Message-ID"],
        "date": message["Date"],
        "mime_version": message["MIME-Version"],
        "content_type": message.get_content_type(),
        "extra": {k: str(v) for k, v in message.items() if k.lower().startswith("x-")},
        "parts": parts,
        "defects": defects,
        "longest_line": max(len(line) for line in lines),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
    }))


if __name__ == "__main__":
    main()
