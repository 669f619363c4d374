"""What each modelling choice does: train pipeline variants on the same split, report held-out and benchmark scores.

    python -m model.ablation [--data DIR] [--benchmark FILE]

Each variant is trained on the training works exactly as `python -m model.train` would (threshold by
out-of-fold F1) and scored on the held-out works and on the benchmark, with its in-process speed.
The default recipe is chosen on the held-out works; the benchmark column shows whether that generalises.
"""

import argparse
import sys
import time
from pathlib import Path


from model.corpus import data_files, load_records
from model.evaluate import BENCHMARK_DIR, EvalRecord, read_dataset, score_records
from model.metrics import binary_metrics
from model.train import DEFAULT_DATA, fit, split_by_work

VARIANTS = {
    "default (logreg, masked names, context)": {},
    "with char n-grams (2-5)": {"char": True},
    "no masked-name view": {"masked": False},
    "no context view": {"context": False},
    "min_df 2": {"min_df": 2},
    "C 1 (stronger regularisation)": {"C": 1.0},
    "C 16 (weaker regularisation)": {"C": 16.0},
    "linear SVM, calibrated": {"classifier": "svm"},
    "C 16, with char n-grams": {"C": 16.0, "char": True},
}


class ModelSystems:
    """The interface evaluate.score_records expects, for one model."""

    def __init__(self, detector):
        self.scorers = {"model": (lambda ex: detector.predict_proba(ex)[:, 1], None)}
        self.seconds = {}

    def score(self, examples):
        started = time.perf_counter()
        scores = {"model": self.scorers["model"][0](examples)}
        self.seconds["model"] = self.seconds.get("model", 0) + time.perf_counter() - started
        return scores


def run_variant(options, train, datasets, seed=0):
    classifier = options.get("classifier", "logreg")
    recipe = {k: v for k, v in options.items() if k != "classifier"}
    started = time.perf_counter()
    detector, _, threshold = fit(train, [], classifier, seed, **recipe)
    fit_seconds = time.perf_counter() - started
    row = {"fit_s": fit_seconds}
    for name, records in datasets.items():
        systems = ModelSystems(detector)
        table, sentences = score_records(records, systems, "ours")
        metrics = binary_metrics(table["labels"], table["model"], threshold)
        row[name] = metrics
        row[f"{name}:us_per_sentence"] = 1e6 * systems.seconds["model"] / max(sentences, 1)
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.ablation", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--benchmark", default=str(BENCHMARK_DIR / "tvtropes.jsonl"))
    args = parser.parse_args(argv)
    records, _ = load_records(data_files(args.data))
    train, test = split_by_work(records)
    datasets = {"held-out": [EvalRecord("held-out", r.text, [(s.start, s.end, s.kind) for s in r.spoilers], None) for r in test]}
    if Path(args.benchmark).is_file():
        datasets["benchmark"] = read_dataset(args.benchmark)
    print(f"{'variant':<48} {'held-out F1':>11} {'ROC':>6} {'bench F1':>9} {'ROC':>6} {'µs/sent':>8} {'fit s':>6}")
    for name, options in VARIANTS.items():
        row = run_variant(options, train, datasets)
        bench = row.get("benchmark")
        print(f"{name:<48} {row['held-out']['f1']:>11.3f} {row['held-out']['roc_auc']:>6.3f} "
              f"{bench['f1'] if bench else float('nan'):>9.3f} {bench['roc_auc'] if bench else float('nan'):>6.3f} "
              f"{row.get('benchmark:us_per_sentence', row['held-out:us_per_sentence']):>8.0f} {row['fit_s']:>6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
