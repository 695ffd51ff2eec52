#!/usr/bin/env python3
"""A small HTTP service with planted denial-of-wallet defects, for testing the black-box fuzzer.

Standard library only. Listens on 127.0.0.1 on a free port and prints "port N" on stdout once it
accepts connections. Every handler stops its own work after WORK_LIMIT_S, as a serverless
platform's timeout would, so a fuzzed input can never keep the machine busy for long.

Routes and their defects:
  POST /signup   {"email": ...}       a regex with catastrophic backtracking on the email
  POST /dedupe   {"items": [...]}     a quadratic loop over the JSON list
  GET  /orders?page=P&size=S          an unbounded page size: S rows are built
  GET  /export?all=0                  all=1 switches on the full export (one magic value)
  GET  /profile?id=42                 a non-numeric id answers 500 with the Python traceback
"""
import json
import re
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WORK_LIMIT_S = 5.0
EMAIL = re.compile(r"^([a-zA-Z0-9]+)+@example\.com$")  # nested quantifier: exponential


class WorkLimit(Exception):
    pass


def check_time(started):
    if time.monotonic() - started > WORK_LIMIT_S:
        raise WorkLimit()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the fuzzer sends over one connection
    server_version = "service"  # no version in Server: that would be a leak of its own
    sys_version = ""
    # One write per response, without Nagle's delay: headers and body in separate small writes
    # would wait for the client's delayed acknowledgement (40 ms per request on Linux).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # quiet: the test reads stdout for the port only
        pass

    def answer(self, status, payload, content_type="application/json"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        first = lambda name, default: (query.get(name) or [default])[0]
        started = time.monotonic()
        try:
            if url.path == "/orders":
                page, size = int(first("page", "1")), int(first("size", "10"))
                rows, count = [], 0
                for i in range(max(size, 0)):  # the defect: no upper bound on size
                    row = {"id": page * 1000000 + i, "total": (i * 37) % 1000}
                    count += 1
                    if len(rows) < 10:  # rows are built, not kept: the test machine's memory
                        rows.append(row)
                    if i % 1000 == 0:
                        check_time(started)
                return self.answer(200, {"page": page, "orders": rows, "count": count})
            if url.path == "/export":
                rows = 10
                if first("all", "0") == "1":  # the defect: one value switches on everything
                    rows = 300000
                total = 0
                for i in range(rows):
                    total += len(str(i * 7919))
                    if i % 1000 == 0:
                        check_time(started)
                return self.answer(200, {"rows": rows, "checksum": total})
            if url.path == "/profile":
                try:
                    user = int(first("id", "0"))
                    return self.answer(200, {"id": user, "name": "user%d" % user})
                except Exception:  # the defect: the traceback goes to the caller
                    return self.answer(500, traceback.format_exc().encode(), "text/plain")
        except WorkLimit:
            return self.answer(504, {"error": "timed out"})
        except ValueError:
            return self.answer(400, {"error": "bad parameter"})
        return self.answer(404, {"error": "not found"})

    def do_POST(self):
        url = urlsplit(self.path)
        data = self.read_json()
        started = time.monotonic()
        if not isinstance(data, dict):
            return self.answer(400, {"error": "body must be a JSON object"})
        try:
            if url.path == "/signup":
                # The regex cannot be interrupted and holds the interpreter lock, so its input is
                # cut at 23 characters: at most about a second of backtracking per request.
                email = str(data.get("email", ""))[:23]
                return self.answer(200, {"ok": bool(EMAIL.match(email))})
            if url.path == "/dedupe":
                items = data.get("items")
                if not isinstance(items, list):
                    return self.answer(400, {"error": "items must be a list"})
                unique = []
                for item in items:  # the defect: pairwise comparison, O(n^2)
                    if all(item != seen for seen in unique):
                        unique.append(item)
                    check_time(started)
                return self.answer(200, {"unique": len(unique)})
        except WorkLimit:
            return self.answer(504, {"error": "timed out"})
        return self.answer(404, {"error": "not found"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
