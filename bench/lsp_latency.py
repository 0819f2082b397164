#!/usr/bin/env python3
"""The latency of `pilotlint server` (bench/README.md, "The language server").

Starts `pilotlint server` on the directory of REPORT, opens REPORT, then makes
EDITS changes to it one after another, each a whole new text as an editor
sends it (the status of one measure flips between two values, so the
findings change too), and times each from sending `didChange` to reading
the diagnostics published for that version. The server's resident memory is
read from /proc after the first edit and every tenth of the run. Then it
times `pilotlint check REPORT` (the whole process) as often, for the 2x goal.

usage: bench/lsp_latency.py PILOTLINT REPORT [--edits N]
"""

import json
import os
import statistics
import subprocess
import sys
import time


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_for(proc, accept):
    while True:
        m = read(proc)
        if accept(m):
            return m


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    binary, report = os.path.abspath(args[0]), os.path.abspath(args[1])
    edits = int(args[args.index("--edits") + 1]) if "--edits" in args else 1000
    root = os.path.dirname(report)
    uri = "file://" + report
    text = open(report, encoding="utf-8").read()
    flip = ("status: implemented", "status: in-progress")
    if flip[0] not in text:
        raise SystemExit(f"{report} has no `{flip[0]}` to flip")

    proc = subprocess.Popen(
        [binary, "server"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": "file://" + root, "capabilities": {}}})
    wait_for(proc, lambda m: m.get("id") == 1)
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    first = wait_for(proc, lambda m: m.get("method") == "textDocument/publishDiagnostics")
    findings = len(first["params"]["diagnostics"])

    latencies, memory = [], []
    for i in range(1, edits + 1):
        a, b = flip if i % 2 else flip[::-1]
        new = text.replace(a, b, 1) if i % 2 else text
        version = i + 1
        start = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": new}]}})
        wait_for(proc, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                 and m["params"].get("version") == version)
        latencies.append(time.perf_counter() - start)
        if i == 1 or i % max(1, edits // 10) == 0:
            memory.append((i, rss_kb(proc.pid)))

    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    wait_for(proc, lambda m: m.get("id") == 2)
    send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait(timeout=30)

    checks = []
    runs = min(edits, 50)
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary, "check", report, "--color", "never"], cwd=root,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        checks.append(time.perf_counter() - start)

    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"report: {report} ({len(text)} bytes, {findings} findings when opened)")
    print(f"edits: {edits}; diagnostics after a change: median {ms(statistics.median(latencies))}, "
          f"p95 {ms(percentile(latencies, 0.95))}, max {ms(max(latencies))}; "
          f"{sum(1 for x in latencies if x > 0.05)} over 50 ms")
    print(f"pilotlint check of the report ({runs} runs): median {ms(statistics.median(checks))}")
    print(f"ratio of the medians, server / check: "
          f"{statistics.median(latencies) / statistics.median(checks):.2f}")
    print("server RSS after edit N: " + ", ".join(f"{n}: {kb} kB" for n, kb in memory))
    print(f"server exit status: {proc.returncode}")


if __name__ == "__main__":
    main()
