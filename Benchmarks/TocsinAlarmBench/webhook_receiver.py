#!/usr/bin/env python3
"""A plain HTTP webhook receiver for tocsin-alarmbench: it binds 127.0.0.1 on a free port, prints the port on its
first stdout line, answers every POST with 202 and appends one JSON line per request to the output file: the
arrival time (Unix seconds, float), the Idempotency-Key header and the body's incident id."""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUTPUT = sys.argv[1]
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            incident = json.loads(body).get("incident", {}).get("id")
        except ValueError:
            incident = None
        record = {"time": arrived, "key": self.headers.get("Idempotency-Key"), "incident": incident}
        with LOCK, open(OUTPUT, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
