#!/usr/bin/env python3
"""Writes the black-box target description (WALLETFUZZ_HTTP_TARGET's file) for service.py on
PORT: one function per route, with the baseline requests beside this script.
Usage: write_spec.py PORT OUT_FILE [MAX_RPS [RECOVERY_MS]]"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FUNCTIONS = [("signup", "POST", "/signup"), ("dedupe", "POST", "/dedupe"),
             ("orders", "GET", "/orders"), ("export", "GET", "/export"),
             ("profile", "GET", "/profile")]

port, out = int(sys.argv[1]), sys.argv[2]
max_rps = float(sys.argv[3]) if len(sys.argv) > 3 else 0
recovery_ms = int(sys.argv[4]) if len(sys.argv) > 4 else 5000
functions = []
for name, method, route in FUNCTIONS:
    with open(os.path.join(HERE, "baseline-%s.http" % name), encoding="latin-1", newline="") as f:
        baseline = f.read()
    functions.append({"name": name, "method": method, "route": route, "timeout_ms": 3000,
                      "memory_mb": 128, "baseline_requests": [baseline]})
with open(out, "w") as f:
    json.dump({"schema": "walletfuzz.http-target/1", "url": "http://127.0.0.1:%d" % port,
               "max_rps": max_rps, "recovery_ms": recovery_ms, "functions": functions}, f)
