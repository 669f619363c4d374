"""Hostile input against the production server: a table of hand-made bad requests, then schemathesis
fuzzing every operation of service/openapi.json. Counts come from the server's own request log.

    python -m bench.fuzz [--examples 200]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.client import ROOT, Client
from bench.server import live_server

NESTED = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
CASES = [
    ("invalid JSON", b'{"text": "unterminated', "application/json"),
    ("wrong type for text", b'{"text": 42}', "application/json"),
    ("both text and blocks", b'{"text": "a", "blocks": []}', "application/json"),
    ("non-UTF-8 body", "Walt dies".encode("utf-16"), "application/json"),
    ("lone surrogate", b'{"text": "\\ud800 Walt dies in the lab."}', "application/json"),
    ("NUL bytes", json.dumps({"text": "Walt\u0000 dies.\u0000" * 50}).encode(), "application/json"),
    ("100k-character sentence, no punctuation", json.dumps({"text": "spoiler " * 12_500}).encode(), "application/json"),
    ("deeply nested JSON", NESTED, "application/json"),
    ("HTML and script fragments", json.dumps({"text": "<script>alert(1)</script><p>Walt <b>dies</b>.</p>" * 200}).encode(), "application/json"),
    ("right-to-left and combining characters", json.dumps({"text": "\u05e9\u05dc\u05d5\u05dd e\u0301\u0301\u0301 \u202eevil\u202c. " * 300}).encode(), "application/json"),
    ("emoji everywhere", json.dumps({"text": "🧟‍♂️ dies 💀. " * 2000}).encode(), "application/json"),
    ("1,001 blocks", json.dumps({"blocks": [{"id": str(i), "text": "x"} for i in range(1001)]}).encode(), "application/json"),
    ("1,000 blocks of 500 characters", json.dumps({"blocks": [{"id": str(i), "text": "Walt dies. " * 45} for i in range(1000)]}).encode(), "application/json"),
    ("body over the size limit", b'{"text": "' + b"a" * 2_100_000 + b'"}', "application/json"),
    ("text/plain body", b"Walt dies.", "text/plain"),
    ("form body", b"text=Walt+dies", "application/x-www-form-urlencoded"),
    ("empty body", b"", "application/json"),
    ("JSON array", b"[]", "application/json"),
    ("threshold out of range", b'{"text": "a", "threshold": 1.5}', "application/json"),
    ("huge finished list", json.dumps({"text": "a", "finished": ["Dark"] * 600}).encode(), "application/json"),
    ("99,000 characters of 'a. a. a.' (Punkt's slowest case)", json.dumps({"text": "a. " * 33_000}).encode(), "application/json"),
    ("5,000 tiny sentences", json.dumps({"text": "Walt dies. " * 5000}).encode(), "application/json"),
    ("3,900 sentences in 100 blocks", json.dumps({"blocks": [{"id": str(i), "text": "Ned is beheaded. " * 39} for i in range(100)]}).encode(), "application/json"),
]


def hostile_table(base):
    rows = []
    client = Client(base, timeout=60)
    for name, body, content_type in CASES:
        started = time.perf_counter()
        conn = client.conn or __import__("http.client").client.HTTPConnection(client.host, client.port, timeout=60)
        conn.request("POST", "/v1/detect", body, {"Content-Type": content_type})
        response = conn.getresponse()
        payload = response.read()
        seconds = time.perf_counter() - started
        conn.close()
        try:
            message = json.loads(payload).get("error") or f"{len(json.loads(payload)['spoilers'])} spoilers"
        except (ValueError, KeyError):
            message = payload[:80].decode(errors="replace")
        rows.append((name, response.status, message, seconds))
    return rows


def schemathesis_run(base, examples):
    binary = shutil.which("schemathesis") or str(Path(sys.executable).with_name("schemathesis"))
    if not Path(binary).exists():
        return None, "schemathesis is not installed (pip install schemathesis)"
    result = subprocess.run(
        [binary, "run", f"{base}/v1/openapi.json", "--checks", "all", "-n", str(examples), "--request-timeout", "30",
         "--suppress-health-check", "all"],
        capture_output=True, text=True, timeout=1200, cwd=ROOT,
    )
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    return result, version


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="schemathesis examples per operation")
    parser.add_argument("--model-dir", default=str(ROOT / "model" / "artifacts"))
    args = parser.parse_args(argv)
    feedback_db = Path(tempfile.mkdtemp(prefix="spoiler-fuzz-")) / "feedback.sqlite3"
    env = {"SPOILER_MODEL_DIR": args.model_dir, "SPOILER_RATE_LIMIT": "", "SPOILER_FEEDBACK_RATE_LIMIT": "",
           "SPOILER_FEEDBACK_DB": feedback_db}
    with live_server(env, workers=2) as server:
        rows = hostile_table(server.base)
        print("| input | status | answer | seconds |\n|---|---|---|---|")
        for name, status, message, seconds in rows:
            print(f"| {name} | {status} | {message[:90]} | {seconds:.3f} |")
        result, version = schemathesis_run(server.base, args.examples)
        log = server.log()
    statuses = [int(m) for m in re.findall(r'"status": (\d{3})', log)]
    server_errors = sum(1 for s in statuses if s >= 500)
    print(f"\nschemathesis: {version}")
    if result is not None:
        tail = "\n".join(line for line in result.stdout.splitlines()[-25:] if line.strip())
        print(tail)
    print(f"\nserver log: {len(statuses)} requests answered, {server_errors} with a 5xx status; "
          f"slowest hostile input {max(r[3] for r in rows):.2f} s")
    return 1 if server_errors or any(r[1] >= 500 for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
