"""Does more data still help? Train on a growing share of the training works, score the same held-out works.

    python -m model.curve [--data DIR] [--shares 0.25,0.5,1] [--seeds 3] [--benchmark FILE]

Each share is drawn several times (different works each time); the table shows the mean and the range.
Where the benchmark is present, the same models are also scored on it: whether more of our data helps on
text written by other people.
"""

import argparse
import random
import sys
from pathlib import Path

import numpy as np

from model.ablation import ModelSystems
from model.corpus import data_files, load_records
from model.evaluate import BENCHMARK_DIR, read_dataset, score_records
from model.metrics import binary_metrics
from model.train import DEFAULT_DATA, fit, sentence_table, split_by_work


def _benchmark_metrics(detector, threshold, benchmark):
    table, _ = score_records(benchmark, ModelSystems(detector), "ours")
    return binary_metrics(table["labels"], table["model"], threshold)


def curve(records, shares, seeds, benchmark=None):
    train, test = split_by_work(records)
    examples, labels, _, _, _ = sentence_table(test)
    works = sorted({r.work for r in train})
    rows = []
    for share in shares:
        results = []
        for seed in range(seeds if share < 1 else 1):
            keep = set(random.Random(seed).sample(works, max(4, round(len(works) * share))))
            subset = [r for r in train if r.work in keep]
            detector, _, threshold = fit(subset, [], "logreg", 0)
            scores = detector.predict_proba(examples)[:, 1]
            bench = _benchmark_metrics(detector, threshold, benchmark) if benchmark else None
            results.append((binary_metrics(labels, scores, threshold), len(subset), len(keep), bench))
        f1 = [m["f1"] for m, *_ in results]
        auc = [m["roc_auc"] for m, *_ in results]
        row = {"share": share, "works": results[0][2], "paragraphs": results[0][1],
               "f1": float(np.mean(f1)), "f1_range": (min(f1), max(f1)),
               "roc_auc": float(np.mean(auc)), "roc_auc_range": (min(auc), max(auc))}
        if benchmark:
            row["bench_f1"] = float(np.mean([b["f1"] for *_, b in results]))
            row["bench_roc_auc"] = float(np.mean([b["roc_auc"] for *_, b in results]))
        rows.append(row)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.curve", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--shares", default="0.25,0.5,1")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--benchmark", default=str(BENCHMARK_DIR / "tvtropes.jsonl"))
    args = parser.parse_args(argv)
    records, _ = load_records(data_files(args.data))
    benchmark = read_dataset(args.benchmark) if Path(args.benchmark).is_file() else None
    bench_head = f" {'bench F1':>9} {'bench ROC':>9}" if benchmark else ""
    print(f"{'share of training works':<24} {'works':>5} {'paragraphs':>10} {'F1 (range)':>22} {'ROC-AUC (range)':>24}{bench_head}")
    for row in curve(records, [float(s) for s in args.shares.split(",")], args.seeds, benchmark):
        bench = f" {row['bench_f1']:>9.3f} {row['bench_roc_auc']:>9.3f}" if benchmark else ""
        print(f"{row['share']:<24.0%} {row['works']:>5} {row['paragraphs']:>10} "
              f"{row['f1']:>7.3f} ({row['f1_range'][0]:.3f}-{row['f1_range'][1]:.3f}) "
              f"{row['roc_auc']:>9.3f} ({row['roc_auc_range'][0]:.3f}-{row['roc_auc_range'][1]:.3f}){bench}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
