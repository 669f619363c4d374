"""Evaluate the spoiler detector, and the baselines a user would pick instead, on labelled data.

    python -m model.evaluate [FILE ...] [--model-dir DIR] [--baselines keyword,embedding]
                             [--segmentation ours|gold] [--report reports/evaluation.json] [--plot reports/evaluation.png]

With no FILE it evaluates the held-out works of training_data/ and every ``../shared/benchmark/*.jsonl``.
Files are our training format or the benchmark format (``spoiler_spans`` or ``doc_spoiler``). Scoring is
per gold sentence: it is a spoiler when a gold span covers it, and predicted when a returned span overlaps it.
Documents with only ``doc_spoiler`` are scored as documents. 95 % intervals come from a bootstrap over records.
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from model import artifact
from model.baselines import EmbeddingBaseline, keyword_scores, keyword_threshold
from model.corpus import KINDS, data_files, load_records
from model.features import paragraph_examples
from model.metrics import HEADER, binary_metrics, choose_threshold, format_row
from model.train import DEFAULT_DATA, ROOT, default_model_dir, sentence_table, split_by_work

BENCHMARK_DIR = ROOT.parent / "shared" / "benchmark"


@dataclass
class EvalRecord:
    source: str
    text: str
    spans: list            # gold spoiler spans [(start, end, kind or None)]
    sentences: list | None  # gold sentence spans, when the data gives them
    doc_label: bool | None = None


def read_dataset(path):
    """Read our training format or the benchmark format into EvalRecords."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            source = raw.get("source") or Path(path).stem
            if "spoilers" in raw:
                spans = [(s["start"], s["end"], s["kind"]) for s in raw["spoilers"]]
                records.append(EvalRecord(f"ours:{source}", raw["text"], spans, None))
            elif "spoiler_spans" in raw:
                spans = [(s, e, None) for s, e in raw["spoiler_spans"]]
                records.append(EvalRecord(source, raw["text"], spans, [tuple(s) for s in raw.get("sentences") or []] or None))
            elif "doc_spoiler" in raw:
                records.append(EvalRecord(source, raw["text"], [], None, bool(raw["doc_spoiler"])))
            else:
                raise ValueError(f"{path}:{number}: no `spoilers`, `spoiler_spans` or `doc_spoiler` field")
    return records


def held_out_records(data_dir, seed):
    records, _ = load_records(data_files(data_dir))
    _, test = split_by_work(records, seed=seed)
    return [EvalRecord("ours:held-out", r.text, [(s.start, s.end, s.kind) for s in r.spoilers], None) for r in test]


def units_of(record, segmentation):
    """The scoring units of a record, their gold labels and kinds, and the sentences the systems score."""
    our_spans, examples = paragraph_examples(record.text)
    if segmentation == "gold" and record.sentences:
        our_spans, examples = paragraph_examples(record.text, record.sentences)
    if record.doc_label is not None:
        return [(0, len(record.text))], [record.doc_label], [None], our_spans, examples
    gold = record.sentences or our_spans
    labels, kinds = [], []
    for start, end in gold:
        cover = next((k for s, e, k in record.spans if s <= start and end <= e), False)
        labels.append(cover is not False)
        kinds.append(cover or None)
    return gold, labels, kinds, our_spans, examples


def map_scores(units, sentence_spans, sentence_scores):
    """A unit's score is the highest score of the predicted sentences that overlap it."""
    out = []
    for start, end in units:
        hits = [score for (s, e), score in zip(sentence_spans, sentence_scores) if s < end and start < e]
        out.append(max(hits, default=0.0))
    return out


class Systems:
    """Our model and the baselines, each a scorer of examples with its own threshold."""

    def __init__(self, model, baselines, data_dir, seed):
        self.scorers = {"spoiler-shield": (lambda ex: model.detector.predict_proba(ex)[:, 1], model.threshold)}
        self.seconds = {}
        if "keyword" in baselines:
            self.scorers["keyword"] = (lambda ex: np.array(keyword_scores([e.sentence for e in ex])), keyword_threshold())
        if "embedding" in baselines:
            self.scorers["embedding"] = self._embedding(data_dir, seed)

    @staticmethod
    def _embedding(data_dir, seed):
        """Fit the embedding baseline on the same training works as ours; threshold by out-of-fold F1."""
        records, _ = load_records(data_files(data_dir))
        train, _ = split_by_work(records, seed=seed)
        examples, labels, _, groups, _ = sentence_table(train)
        baseline = EmbeddingBaseline(seed=seed)
        features = baseline.embed(examples)
        out_of_fold = np.zeros(len(labels))
        for fit_rows, score_rows in GroupKFold(n_splits=4).split(features, labels, groups):
            clf = LogisticRegression(C=baseline.C, class_weight="balanced", max_iter=3000).fit(features[fit_rows], labels[fit_rows])
            out_of_fold[score_rows] = clf.predict_proba(features[score_rows])[:, 1]
        baseline.classifier_ = LogisticRegression(C=baseline.C, class_weight="balanced", max_iter=3000).fit(features, labels)
        return (lambda ex: baseline.predict_proba(ex)[:, 1]), choose_threshold(labels, out_of_fold)

    def score(self, examples):
        scores = {}
        for name, (scorer, _) in self.scorers.items():
            started = time.perf_counter()
            scores[name] = scorer(examples) if examples else np.zeros(0)
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        return scores


def score_records(records, systems, segmentation):
    """Score every unit of every record with every system; returns per-unit arrays and record ids."""
    prepared = [units_of(r, segmentation) for r in records]
    examples = [ex for *_, sentence_examples in prepared for ex in sentence_examples]
    flat = systems.score(examples)
    table = {"labels": [], "kinds": [], "record": [], **{name: [] for name in flat}}
    cursor = 0
    for index, (units, labels, kinds, spans, sentence_examples) in enumerate(prepared):
        count = len(sentence_examples)
        for name, scores in flat.items():
            table[name].extend(map_scores(units, spans, scores[cursor:cursor + count]))
        cursor += count
        table["labels"].extend(labels)
        table["kinds"].extend(kinds)
        table["record"].extend([index] * len(units))
    return {k: np.array(v) for k, v in table.items()}, len(examples)


def bootstrap(table, name, threshold, rounds=500, seed=0):
    """95 % intervals of F1, ROC-AUC and PR-AUC, resampling whole records."""
    rng = np.random.default_rng(seed)
    records = np.unique(table["record"])
    rows_of = {r: np.flatnonzero(table["record"] == r) for r in records}
    samples = {"f1": [], "roc_auc": [], "pr_auc": []}
    for _ in range(rounds):
        rows = np.concatenate([rows_of[r] for r in rng.choice(records, len(records))])
        m = binary_metrics(table["labels"][rows], table[name][rows], threshold)
        for key in samples:
            if m[key] is not None:
                samples[key].append(m[key])
    return {k: [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))] if v else None for k, v in samples.items()}


def evaluate_dataset(name, records, systems, segmentation, rounds):
    table, sentences = score_records(records, systems, segmentation)
    result = {"records": len(records), "units": int(len(table["labels"])), "systems": {}}
    for system, (_, threshold) in systems.scorers.items():
        metrics = binary_metrics(table["labels"], table[system], threshold)
        metrics["ci95"] = bootstrap(table, system, threshold, rounds)
        by_kind = {}
        for kind in KINDS:
            rows = table["kinds"] == kind
            if rows.any():
                by_kind[kind] = {"recall": float(np.mean(table[system][rows] >= threshold)), "count": int(rows.sum())}
        metrics["recall_by_kind"] = by_kind
        result["systems"][system] = metrics
    return result, table


def print_dataset(name, result):
    print(f"\n{name}: {result['records']} records, {result['units']} scored units")
    print(HEADER + "   F1 95% CI       ROC-AUC 95% CI")
    for system, m in result["systems"].items():
        ci = m["ci95"]
        show = lambda pair: f"[{pair[0]:.3f}, {pair[1]:.3f}]" if pair else "n/a"  # noqa: E731
        print(format_row(system, m) + f"   {show(ci['f1'])}  {show(ci['roc_auc'])}")
        if m["recall_by_kind"]:
            print("    recall by kind: " + ", ".join(f"{k} {v['recall']:.2f}" for k, v in m["recall_by_kind"].items()))


def plot(tables, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve, roc_curve

    fig, axes = plt.subplots(len(tables), 2, figsize=(11, 4.5 * len(tables)), squeeze=False)
    for row, (name, (table, systems)) in enumerate(tables.items()):
        pr_axis, roc_axis = axes[row]
        for system in systems:
            if table["labels"].all() or not table["labels"].any():
                continue
            precision, recall, _ = precision_recall_curve(table["labels"], table[system])
            fpr, tpr, _ = roc_curve(table["labels"], table[system])
            pr_axis.plot(recall, precision, label=system)
            roc_axis.plot(fpr, tpr, label=system)
        pr_axis.set(title=f"{name}: precision-recall", xlabel="recall", ylabel="precision")
        roc_axis.set(title=f"{name}: ROC", xlabel="false positive rate", ylabel="true positive rate")
        roc_axis.plot([0, 1], [0, 1], ":", color="grey")
        pr_axis.legend()
        roc_axis.legend()
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="labelled JSONL files (default: held-out works + ../shared/benchmark)")
    parser.add_argument("--model-dir", default=None)
    parser.add_argument("--data", default=DEFAULT_DATA, help="training data, for the held-out split and the embedding baseline")
    parser.add_argument("--baselines", default="keyword", help="comma list of keyword, embedding (default %(default)s)")
    parser.add_argument("--segmentation", choices=("ours", "gold"), default="ours",
                        help="score our own sentence split (what users get) or the data's gold sentences")
    parser.add_argument("--bootstrap", type=int, default=500, help="bootstrap rounds for the intervals")
    parser.add_argument("--report", default=str(ROOT / "reports" / "evaluation.json"))
    parser.add_argument("--plot", default=str(ROOT / "reports" / "evaluation.png"))
    args = parser.parse_args(argv)
    model = artifact.load(args.model_dir or default_model_dir())
    datasets = {}
    if args.files:
        for path in args.files:
            for record in read_dataset(path):
                datasets.setdefault(f"{Path(path).stem}:{record.source}", []).append(record)
    else:
        datasets["ours:held-out"] = held_out_records(args.data, model.metadata.get("seed", 0))
        for path in sorted(BENCHMARK_DIR.glob("*.jsonl")):
            datasets[f"benchmark:{path.stem}"] = read_dataset(path)
    baselines = [b for b in args.baselines.split(",") if b]
    systems = Systems(model, baselines, args.data, model.metadata.get("seed", 0))
    report = {"model": model.version, "segmentation": args.segmentation, "datasets": {}}
    tables = {}
    for name, records in datasets.items():
        result, table = evaluate_dataset(name, records, systems, args.segmentation, args.bootstrap)
        report["datasets"][name] = result
        tables[name] = (table, list(systems.scorers))
        print_dataset(name, result)
    sentences = sum(r["units"] for r in report["datasets"].values())
    report["seconds"] = {k: round(v, 3) for k, v in systems.seconds.items()}
    print("\nscoring time: " + ", ".join(f"{k} {v:.2f} s" for k, v in systems.seconds.items()) + f" ({sentences} units)")
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=2))
    try:
        plot(tables, args.plot)
        print(f"wrote {args.report} and {args.plot}")
    except ImportError:
        print(f"wrote {args.report} (install the bench extra for the plot: bin/setup bench)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
