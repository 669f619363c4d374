"""Speed of Spoiler Shield: latency and throughput over real HTTP against the production server, the HTTP
floor, in-process cost per sentence against the baselines, memory, load and training time.

    python -m bench [--quick] [--model-dir DIR]

Prints one table, writes reports/bench.json and docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import subprocess
import time
from pathlib import Path

from bench.client import ROOT, Client, article, corpus_sentences, latency, split_requests, throughput
from bench.server import live_server
from model import artifact
from model.baselines import EmbeddingBaseline, keyword_scores
from model.catalog import Catalog, load_catalog
from model.corpus import data_files, load_records
from model.detector import Detector
from model.features import paragraph_examples
from model.train import fit, split_by_work


def worker_rss_mb(master_pid):
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return max(sizes) if sizes else None


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {cpu}, {int(mem) // 1024 // 1024} GiB RAM, Python {platform.python_version()}"


def http_figures(model_dir, sentences, quick):
    env = {"SPOILER_MODEL_DIR": model_dir, "SPOILER_RATE_LIMIT": ""}
    results = {"latency": {}, "throughput": {}}
    counts = {10: 100, 50: 100, 500: 20, 5000: 3} if not quick else {10: 20, 50: 20, 500: 5, 5000: 1}
    fifty = {"blocks": article(sentences, 50, seed=1)}
    with live_server(env, workers=2) as server:
        results["worker_rss_mb"] = worker_rss_mb(server.process.pid)
        for size, n in counts.items():
            parts = split_requests(article(sentences, size, seed=size))
            if len(parts) == 1:
                results["latency"][size] = latency(server.base, "/v1/detect", {"blocks": parts[0]}, n)
            else:  # a page too big for one request: the client sends its parts one after another
                client = Client(server.base)
                totals = []
                for _ in range(n):
                    started = time.perf_counter()
                    for part in parts:
                        client.post("/v1/detect", {"blocks": part})
                    totals.append(time.perf_counter() - started)
                results["latency"][size] = {"median_ms": 1000 * sorted(totals)[len(totals) // 2],
                                            "p99_ms": 1000 * max(totals), "n": n, "requests_per_page": len(parts)}
        for concurrency in (1, 8, 32):
            figures = throughput(server.base, "/v1/detect", fifty, concurrency, 3 if quick else 10)
            figures["sentences_per_s"] = figures["requests_per_s"] * 50
            results["throughput"][concurrency] = figures
    with live_server({}, workers=2, app="bench.echo:app") as echo:
        results["echo_50"] = latency(echo.base, "/echo", fifty, counts[50])
    results["detect_vs_echo_50"] = results["latency"][50]["median_ms"] / results["echo_50"]["median_ms"]
    return results


def in_process_figures(model_dir, sentences, with_embedding):
    started = time.perf_counter()
    model = artifact.load(model_dir)
    detector = Detector(model, Catalog(load_catalog(ROOT / "training_data" / "works.jsonl")))
    load_s = time.perf_counter() - started
    blocks = [(b["id"], b["text"]) for b in article(sentences, 500, seed=7)]
    count = sum(len(paragraph_examples(t)[0]) for _, t in blocks)
    started = time.perf_counter()
    detector.detect(blocks)
    ours = (time.perf_counter() - started) / count
    segmented = [t[a:b] for _, t in blocks for a, b in paragraph_examples(t)[0]]
    started = time.perf_counter()
    keyword_scores(segmented)  # the keyword blocker's own cost: the sentences are already split
    keyword = (time.perf_counter() - started) / count
    figures = {"model_load_s": load_s, "detect_us_per_sentence": 1e6 * ours, "keyword_us_per_sentence": 1e6 * keyword}
    if with_embedding:
        try:
            examples = [e for _, t in blocks for e in paragraph_examples(t)[1]]
            baseline = EmbeddingBaseline()
            baseline.embed(examples[:8])  # load the encoder outside the timing
            started = time.perf_counter()
            baseline.embed(examples)
            figures["embedding_us_per_sentence"] = 1e6 * (time.perf_counter() - started) / len(examples)
            figures["embedding_over_ours"] = figures["embedding_us_per_sentence"] / figures["detect_us_per_sentence"]
        except RuntimeError as exc:
            figures["embedding_us_per_sentence"] = str(exc)
    return figures


def training_figures():
    records, _ = load_records(data_files(ROOT / "training_data"))
    train, _ = split_by_work(records)
    works = sorted({r.work for r in train})
    out = {}
    for share in (0.25, 0.5, 1.0):
        keep = set(works[: max(2, int(len(works) * share))])
        subset = [r for r in train if r.work in keep]
        started = time.perf_counter()
        fit(subset, [], "logreg", 0)
        out[f"{int(share * 100)}%"] = {"paragraphs": len(subset), "seconds": time.perf_counter() - started}
    return out


def table(report):
    lines = [f"Machine: {report['machine']}. Model {report['model']}.", "",
             "| measure | value |", "|---|---|"]
    for size, m in report["http"]["latency"].items():
        extra = f" ({m['requests_per_page']} requests)" if "requests_per_page" in m else ""
        lines.append(f"| POST /v1/detect, {size} sentences{extra} | median {m['median_ms']:.1f} ms, p99 {m['p99_ms']:.1f} ms |")
    lines.append(f"| echo endpoint, same 50-sentence body (HTTP floor) | median {report['http']['echo_50']['median_ms']:.1f} ms |")
    lines.append(f"| detect ÷ echo, 50 sentences (goal ≤ 2) | {report['http']['detect_vs_echo_50']:.1f}× |")
    for c, t in report["http"]["throughput"].items():
        lines.append(f"| throughput, concurrency {c}, 50-sentence pages | {t['requests_per_s']:.1f} req/s, "
                     f"{t['sentences_per_s']:.0f} sentences/s, {t['failed']} failed |")
    p = report["in_process"]
    lines.append(f"| in-process detect() | {p['detect_us_per_sentence']:.0f} µs per sentence |")
    lines.append(f"| keyword baseline | {p['keyword_us_per_sentence']:.1f} µs per sentence |")
    if isinstance(p.get("embedding_us_per_sentence"), float):
        lines.append(f"| embedding baseline (MiniLM, sentence + context) | {p['embedding_us_per_sentence']:.0f} µs per sentence "
                     f"({p['embedding_over_ours']:.0f}× ours) |")
    lines.append(f"| one worker's resident memory, model loaded | {report['http']['worker_rss_mb']:.0f} MB |")
    lines.append(f"| model load time | {p['model_load_s'] * 1000:.0f} ms |")
    for share, t in report["training"].items():
        lines.append(f"| training time, {share} of training works ({t['paragraphs']} paragraphs) | {t['seconds']:.1f} s |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for a smoke run")
    parser.add_argument("--model-dir", default=str(ROOT / "model" / "artifacts"))
    parser.add_argument("--no-embedding", action="store_true")
    args = parser.parse_args(argv)
    sentences = corpus_sentences()
    report = {"machine": machine(), "model": artifact.read_metadata(args.model_dir)["version"],
              "http": http_figures(args.model_dir, sentences, args.quick),
              "in_process": in_process_figures(args.model_dir, sentences, not args.no_embedding),
              "training": training_figures()}
    text = table(report)
    print(text)
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "bench.json").write_text(json.dumps(report, indent=2, default=str))
    made = f"Made by `.venv/bin/python -m bench` on {time.strftime('%Y-%m-%d')}."
    (ROOT / "docs" / "benchmarks.md").write_text(f"# Benchmarks\n\n{made}\n\n{text}\n")
    write_readme_block("bench", f"{made}\n\n{text}")
    return 0


def write_readme_block(name, content):
    """Replace the README's block between <!-- name:begin --> and <!-- name:end --> markers."""
    readme = ROOT / "README.md"
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    if begin in text and end in text:
        head, _, rest = text.partition(begin)
        readme.write_text(f"{head}{begin}\n{content}\n{end}{rest.partition(end)[2]}", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
