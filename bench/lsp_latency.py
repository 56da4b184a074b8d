#!/usr/bin/env python3
"""Diagnostics latency of `grclint lsp` after a one-character edit in a ledger.

Starts the server on a corpus (benches/gen_corpus.rs), opens one ledger, then alternates a
one-character edit that breaks a record (`medium: system` -> `medium: systen`, one SCH003)
with the edit that mends it, and times each from sending `didChange` to receiving the
ledger's `publishDiagnostics`. Prints p50, p95 and max in milliseconds, and the server's
peak memory (VmHWM).

    python3 bench/lsp_latency.py GRCLINT CORPUS [LEDGER] [EDITS]
    python3 bench/lsp_latency.py target/release/grclint /tmp/corpus-10k assets/ledger-0001.yaml 40
"""
import json
import os
import subprocess
import sys
import threading
import time
import queue


def peak(pid):
    """The process's peak resident memory (VmHWM), as /proc gives it."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM"):
                return line.split(":")[1].strip()
    except OSError:
        pass
    return ""


def main():
    grclint, corpus = sys.argv[1], os.path.realpath(sys.argv[2])
    ledger = sys.argv[3] if len(sys.argv) > 3 else "assets/ledger-0001.yaml"
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    proc = subprocess.Popen([grclint, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    inbox = queue.Queue()

    def reader():
        out = proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            inbox.put((time.perf_counter(), json.loads(out.read(length))))

    threading.Thread(target=reader, daemon=True).start()

    def send(msg):
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def wait(pred):
        while True:
            at, msg = inbox.get(timeout=600)
            if pred(msg):
                return at, msg

    root = "file://" + corpus
    uri = root + "/" + ledger
    started = time.perf_counter()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": root, "capabilities": {}}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "id": 2, "method": "grclint/sync", "params": {}})
    wait(lambda m: m.get("id") == 2)
    print(f"opened and published in {(time.perf_counter() - started):.2f} s; "
          f"peak memory so far {peak(proc.pid)}")
    text = open(os.path.join(corpus, ledger), encoding="utf-8").read()
    assert "medium: system" in text, "the ledger has a system asset"
    broken = text.replace("medium: system", "medium: systen", 1)
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    times = []
    for v in range(edits):
        new = broken if v % 2 == 0 else text
        sent = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v + 2},
                         "contentChanges": [{"text": new}]}})
        at, _ = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                     and m["params"]["uri"] == uri)
        times.append((at - sent) * 1000)
    hwm = peak(proc.pid)
    send({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None})
    wait(lambda m: m.get("id") == 3)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait(timeout=60)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{edits} edits: p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms, max {times[-1]:.1f} ms; server peak memory {hwm}")


if __name__ == "__main__":
    main()
