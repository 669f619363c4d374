"""A small keep-alive HTTP client for bounded benchmark loops on 127.0.0.1."""

import http.client
import json
import random
import statistics
import threading
import time
from pathlib import Path

from model.corpus import data_files, load_records
from model.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent


def corpus_sentences():
    """Sentences of our own corpus, to build article-like pages."""
    records, _ = load_records(data_files(ROOT / "training_data"))
    return [r.text[a:b] for r in records for a, b in split_sentences(r.text)]


def article(sentences, count, seed=0):
    """`count` sentences grouped into paragraphs of 3-6, as blocks."""
    rng = random.Random(seed)
    picked = [rng.choice(sentences) for _ in range(count)]
    blocks, i = [], 0
    while i < len(picked):
        size = rng.randint(3, 6)
        blocks.append({"id": f"b{len(blocks)}", "text": " ".join(picked[i:i + size])})
        i += size
    return blocks


def split_requests(blocks, max_chars=90_000, max_blocks=900):
    """Split a big page into requests within the service's limits, as the extension does."""
    requests, current, chars = [], [], 0
    for block in blocks:
        if current and (chars + len(block["text"]) > max_chars or len(current) >= max_blocks):
            requests.append(current)
            current, chars = [], 0
        current.append(block)
        chars += len(block["text"])
    return requests + ([current] if current else [])


class Client:
    """One keep-alive connection; `post` returns (status, seconds)."""

    def __init__(self, base, timeout=30):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.conn = None

    def post(self, path, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request("POST", path, data, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return None, time.perf_counter() - started


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def latency(base, path, body, count):
    client = Client(base)
    client.post(path, body)  # warm the connection and the worker
    times = [client.post(path, body)[1] for _ in range(count)]
    return {"median_ms": 1000 * statistics.median(times), "p99_ms": 1000 * percentile(times, 0.99), "n": count}


def throughput(base, path, body, concurrency, seconds):
    """Requests/s over a fixed, bounded time with `concurrency` client threads."""
    stop = time.perf_counter() + seconds
    counts, failures, lock = [0], [0], threading.Lock()

    def worker():
        client = Client(base)
        while time.perf_counter() < stop:
            status, _ = client.post(path, body)
            with lock:
                if status == 200:
                    counts[0] += 1
                else:
                    failures[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"requests_per_s": counts[0] / elapsed, "failed": failures[0], "requests": counts[0]}
