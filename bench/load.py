"""Load and faults against the production server on 127.0.0.1: steady load at concurrency 32, and during it a
model reload (HUP), a killed worker (SIGKILL) and a slow client that trickles its body.

    python -m bench.load [--duration 60] [--concurrency 32]

Clients retry a detect request once on a connection error (detect changes nothing, so it is safe to
repeat); failures are counted before and after that retry.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import threading
import time

from bench.client import ROOT, Client, article, corpus_sentences, percentile
from bench.server import live_server
from bench.__main__ import worker_rss_mb


def workers_of(master):
    return [int(p) for p in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()]


def slow_client(base, seconds, body):
    """Send a detect request one byte at a time over `seconds`; return (status line, seconds)."""
    host, port = base.removeprefix("http://").split(":")
    data = body.encode()
    head = (f"POST /v1/detect HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode()
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=seconds + 30) as sock:
        sock.sendall(head)
        pause = seconds / max(len(data), 1)
        for i in range(len(data)):
            sock.sendall(data[i:i + 1])
            time.sleep(pause)
        reply = sock.recv(200).split(b"\r\n", 1)[0].decode()
    return reply, time.perf_counter() - started


def run(duration, concurrency, model_dir):
    sentences = corpus_sentences()
    body = {"blocks": article(sentences, 50, seed=11)}
    events, records, lock = [], [], threading.Lock()
    with live_server({"SPOILER_MODEL_DIR": model_dir, "SPOILER_RATE_LIMIT": ""}, workers=2, threads=4) as server:
        master = server.process.pid
        rss_start = worker_rss_mb(master)
        started = time.perf_counter()
        stop = started + duration

        def worker():
            client = Client(server.base)
            while time.perf_counter() < stop:
                t = time.perf_counter() - started
                status, seconds = client.post("/v1/detect", body)
                retried = None
                if status is None:
                    retried, seconds2 = client.post("/v1/detect", body)
                    seconds += seconds2
                with lock:
                    records.append((t, status, retried, seconds))

        def faults():
            def at(fraction):
                time.sleep(max(0.0, started + duration * fraction - time.perf_counter()))
            at(0.3)
            os.kill(master, signal.SIGHUP)
            events.append((time.perf_counter() - started, "HUP: model reload"))
            at(0.55)
            victim = workers_of(master)[0]
            os.kill(victim, signal.SIGKILL)
            events.append((time.perf_counter() - started, f"SIGKILL worker {victim}"))
            at(0.7)
            events.append((time.perf_counter() - started, "slow client starts"))
            reply, seconds = slow_client(server.base, min(12.0, duration * 0.2), '{"text": "A slow reader sends this."}')
            events.append((time.perf_counter() - started, f"slow client done: {reply} after {seconds:.1f} s"))

        threads = [threading.Thread(target=worker) for _ in range(concurrency)] + [threading.Thread(target=faults)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss_end = worker_rss_mb(master)
        elapsed = time.perf_counter() - started
    return records, events, elapsed, rss_start, rss_end


def window(records, start, end):
    return [r for r in records if start <= r[0] < end]


def summary(name, rows):
    if not rows:
        return f"{name:<34} no requests"
    ok = [r for r in rows if r[1] == 200]
    first_fail = sum(1 for r in rows if r[1] != 200)
    final_fail = sum(1 for r in rows if r[1] != 200 and r[2] != 200)
    times = [r[3] * 1000 for r in ok]
    return (f"{name:<34} {len(rows):>6} req  p50 {statistics.median(times) if times else float('nan'):6.1f} ms  "
            f"p99 {percentile(times, 0.99):7.1f} ms  failed {first_fail} (after one retry {final_fail})")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--model-dir", default=str(ROOT / "model" / "artifacts"))
    args = parser.parse_args(argv)
    records, events, elapsed, rss_start, rss_end = run(args.duration, args.concurrency, args.model_dir)
    for t, what in events:
        print(f"  t={t:5.1f} s  {what}")
    print(summary("whole run", records))
    first = lambda prefix: next(t for t, what in events if what.startswith(prefix))  # noqa: E731
    hup, kill, slow = first("HUP"), first("SIGKILL"), first("slow client starts")
    # A request is timed from its start, so a window opens 2 s early to include requests in flight at the event.
    print(summary("HUP reload (-2 s .. +5 s)", window(records, hup - 2, hup + 5)))
    print(summary("killed worker (-2 s .. +5 s)", window(records, kill - 2, kill + 5)))
    print(summary("while the slow client trickles", window(records, slow, slow + min(12.0, args.duration * 0.2))))
    ok = sum(1 for r in records if r[1] == 200 or r[2] == 200)
    print(f"throughput {ok / elapsed:.1f} req/s ({50 * ok / elapsed:.0f} sentences/s) at concurrency {args.concurrency}")
    print(f"largest worker RSS: {rss_start:.0f} MB at start, {rss_end:.0f} MB at end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
