"""Retrain the spoiler detector: load → validate → split → fit → evaluate → gate → save.

    python -m model.train [--data DIR] [--out DIR] [--seed N] [--force] [--extra FILE ...]

The held-out works (a seeded, stable share of each medium) never reach the saved
model, so every run and the gate measure on works the model has not seen.
"""

import argparse
import hashlib
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from model import artifact
from model.catalog import fold
from model.corpus import KINDS, DataError, data_files, hash_files, load_records
from model.features import paragraph_examples
from model.metrics import HEADER, binary_metrics, choose_threshold, format_row
from model.pipeline import CLASSIFIERS, build_detector, build_kind_classifier

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "training_data"
DEFAULT_OUT = ROOT / "model" / "artifacts"
GATE_MARGIN = 0.01
# A reader's correction (or other --extra data a maintainer reviewed) counts this many corpus sentences:
# one sentence among thousands is otherwise too weak to change what the model says about it.
EXTRA_WEIGHT = 3.0


def default_model_dir():
    return Path(os.environ.get("SPOILER_MODEL_DIR") or DEFAULT_OUT)


def load(data_dir, extra):
    """Step 1-2: read and validate the corpus (strict: any problem stops training)."""
    paths = data_files(data_dir)
    if not paths:
        raise DataError(f"no *.jsonl training files in {data_dir}")
    records, _ = load_records(paths)
    extra_records, _ = load_records(extra) if extra else ([], [])
    return records, extra_records, hash_files(paths + [Path(p) for p in extra])


def split_by_work(records, test_share=0.2, seed=0):
    """Step 3: hold out a seeded share of the works of each medium (stratified, grouped by work)."""
    by_medium = defaultdict(set)
    medium_of = {}
    for record in records:
        medium_of.setdefault(fold(record.work), record.medium)
    for work, medium in medium_of.items():
        by_medium[medium].add(work)
    held_out = set()
    for works in by_medium.values():
        ranked = sorted(works, key=lambda w: hashlib.sha256(f"{seed}:{w}".encode()).hexdigest())
        held_out.update(ranked[: round(len(ranked) * test_share)])
    train = [r for r in records if fold(r.work) not in held_out]
    test = [r for r in records if fold(r.work) in held_out]
    return train, test


def sentence_table(records):
    """Every sentence as (example, is_spoiler, kind or None, work, source_type)."""
    examples, labels, kinds, groups, sources = [], [], [], [], []
    for record in records:
        spans, record_examples = paragraph_examples(record.text)
        for (start, end), example in zip(spans, record_examples):
            span = record.spoiler_at(start, end)
            examples.append(example)
            labels.append(span is not None)
            kinds.append(span.kind if span else None)
            groups.append(fold(record.work))
            sources.append(record.source_type)
    return examples, np.array(labels), kinds, groups, sources


def out_of_fold_scores(examples, labels, groups, weights, classifier="logreg", seed=0, folds=4, **recipe):
    """Each example scored by a detector fitted without its group (work): honest scores for training data."""
    scores = np.zeros(len(examples))
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    for fit_rows, score_rows in splitter.split(examples, labels, groups):
        model = build_detector(classifier, seed, **recipe).fit(
            [examples[i] for i in fit_rows], labels[fit_rows], classifier__sample_weight=weights[fit_rows])
        scores[score_rows] = model.predict_proba([examples[i] for i in score_rows])[:, 1]
    return scores


def fit(train, extra, classifier, seed, **recipe):
    """Step 4: choose the threshold on out-of-fold scores, then fit on all training works (and extras).

    `recipe` passes options to build_detector (the ablation tool compares them)."""
    corpus, added = sentence_table(train), sentence_table(extra)
    examples, kinds, groups = corpus[0] + added[0], corpus[2] + added[2], corpus[3] + added[3]
    labels = np.concatenate([corpus[1], added[1]]).astype(bool)
    corpus_rows = len(corpus[1])
    weights = np.r_[np.ones(corpus_rows), np.full(len(added[1]), EXTRA_WEIGHT)]
    out_of_fold = out_of_fold_scores(examples, labels, groups, weights, classifier, seed, **recipe)
    threshold = choose_threshold(labels[:corpus_rows], out_of_fold[:corpus_rows])
    detector = build_detector(classifier, seed, **recipe).fit(examples, labels, classifier__sample_weight=weights)
    spoiler_rows = np.flatnonzero(labels)
    kind_model = build_kind_classifier(seed).fit([examples[i] for i in spoiler_rows], [kinds[i] for i in spoiler_rows])
    return detector, kind_model, threshold


def evaluate(detector, kind_model, threshold, test):
    """Step 5: held-out metrics overall, per spoiler kind (recall) and per source type."""
    examples, labels, kinds, _, sources = sentence_table(test)
    scores = detector.predict_proba(examples)[:, 1]
    report = {"overall": binary_metrics(labels, scores, threshold), "by_kind": {}, "by_source_type": {}}
    for kind in KINDS:
        rows = [i for i, k in enumerate(kinds) if k == kind]
        if rows:
            report["by_kind"][kind] = {"recall": float(np.mean(scores[rows] >= threshold)), "count": len(rows)}
    for source in sorted(set(sources)):
        rows = [i for i, s in enumerate(sources) if s == source]
        report["by_source_type"][source] = binary_metrics(labels[rows], scores[rows], threshold)
    spoiler_rows = np.flatnonzero(labels)
    if len(spoiler_rows):
        predicted = kind_model.predict([examples[i] for i in spoiler_rows])
        report["kind_accuracy"] = float(np.mean([p == kinds[i] for p, i in zip(predicted, spoiler_rows)]))
    return report


def print_report(report, train_size, test_size):
    print(f"held-out evaluation: {test_size} paragraphs of unseen works (trained on {train_size})")
    print(HEADER)
    print(format_row("all sentences", report["overall"]))
    for source, metrics in report["by_source_type"].items():
        print(format_row(f"  source: {source}", metrics))
    print("recall by spoiler kind: " + ", ".join(f"{k} {v['recall']:.2f} ({v['count']})" for k, v in report["by_kind"].items()))
    if "kind_accuracy" in report:
        print(f"kind accuracy on true spoilers: {report['kind_accuracy']:.3f}")


def gate(out_dir, test, new_f1, force):
    """Step 6: refuse to replace a model that does better on the same held-out works by more than the margin."""
    try:
        old = artifact.load(out_dir)
    except artifact.ArtifactError as exc:
        if (Path(out_dir) / artifact.METADATA).exists():
            print(f"gate: the current model cannot be loaded ({exc}); replacing it")
        return True
    old_f1 = evaluate(old.detector, old.kinds, old.threshold, test)["overall"]["f1"]
    print(f"gate: current model {old.version} scores F1 {old_f1:.3f} on these held-out works; new model {new_f1:.3f}")
    if old_f1 > new_f1 + GATE_MARGIN and not force:
        print(f"gate: refusing to replace a better model (by more than {GATE_MARGIN}); use --force to replace it anyway")
        return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.train", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="training-data folder (default %(default)s)")
    parser.add_argument("--out", default=None, help="model folder (default $SPOILER_MODEL_DIR or model/artifacts)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace the current model even if it is better")
    parser.add_argument("--extra", action="append", default=[], metavar="FILE",
                        help="more labelled JSONL for training only (feedback, a downloaded dataset); repeatable")
    parser.add_argument("--classifier", choices=CLASSIFIERS, default="logreg")
    args = parser.parse_args(argv)
    out_dir = Path(args.out) if args.out else default_model_dir()
    started = time.perf_counter()
    try:
        records, extra, data_hash = load(args.data, args.extra)
    except (DataError, OSError) as exc:
        print(f"training data: {exc}", file=sys.stderr)
        return 1
    train, test = split_by_work(records, seed=args.seed)
    if not test or not any(r.spoilers for r in test):
        print("training data: the held-out split has no spoilers; add more works", file=sys.stderr)
        return 1
    detector, kind_model, threshold = fit(train, extra, args.classifier, args.seed)
    report = evaluate(detector, kind_model, threshold, test)
    seconds = time.perf_counter() - started
    print_report(report, len(train) + len(extra), len(test))
    print(f"threshold {threshold:.3f} (best F1 on out-of-fold scores of the training works); trained in {seconds:.1f} s")
    if not gate(out_dir, test, report["overall"]["f1"], args.force):
        return 2
    metadata = artifact.save(out_dir, detector, kind_model, {
        "threshold": threshold, "threshold_rule": "best F1 on out-of-fold scores of the training works",
        "classifier": args.classifier, "seed": args.seed, "data_sha256": data_hash,
        "paragraphs": {"train": len(train), "extra": len(extra), "held_out": len(test)},
        "metrics": report, "training_seconds": round(seconds, 1),
    })
    size = (out_dir / artifact.ARTIFACT).stat().st_size
    print(f"saved model {metadata['version']} to {out_dir} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
