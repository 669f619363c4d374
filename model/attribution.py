"""How well spoilers are tied to their works, measured on held-out corpus paragraphs.

    python -m model.attribution [--data DIR] [--model-dir DIR] [--all]

Each true spoiler sentence of a held-out paragraph is labelled with the paragraph's work. It is attributed
twice: from the paragraph alone (the hard case) and with the work's title as the page title (as on a real
page about it). Then the reader is given every *other* catalog work as finished: any spoiler hidden by
that is a wrong suppression (the goal is zero).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

from model import artifact
from model.catalog import Catalog, fold, load_catalog
from model.corpus import data_files, load_records
from model.detector import Detector, Finished
from model.train import DEFAULT_DATA, default_model_dir, split_by_work


def true_spoilers(detector, record, page_title="", finished=()):
    """The spoilers the detector returns (at threshold 0) for the record's true spoiler sentences."""
    result = detector.detect([("p", record.text)], threshold=0.0, finished=finished, page_title=page_title)
    return [s for s in result["spoilers"] if any(g.start <= s["start"] and s["end"] <= g.end for g in record.spoilers)]


def measure(detector, records):
    catalog = detector.catalog
    counts = Counter()
    for record in records:
        if not record.spoilers:
            continue
        truth = catalog.canonical(record.work)
        title = truth.title if truth else record.work
        for mode, page_title in (("alone", ""), ("with_page_title", title)):
            for spoiler in true_spoilers(detector, record, page_title):
                counts[f"{mode}:total"] += 1
                work = spoiler["work"]
                counts[f"{mode}:" + ("null" if work is None else "right" if fold(work) == fold(title) else "wrong")] += 1
        others = tuple(Finished(w.title) for w in catalog.works if fold(w.title) != fold(title))
        shown = len(true_spoilers(detector, record))
        counts["whitelist:spoilers"] += shown
        counts["whitelist:wrongly_hidden"] += shown - len(true_spoilers(detector, record, "", others))
    return counts


def report(counts):
    lines = []
    for mode in ("alone", "with_page_title"):
        total = counts[f"{mode}:total"] or 1
        lines.append(f"{mode:<16} {counts[f'{mode}:total']:>5} spoilers  right {counts[f'{mode}:right'] / total:6.1%}  "
                     f"null {counts[f'{mode}:null'] / total:6.1%}  wrong {counts[f'{mode}:wrong'] / total:6.1%}")
    spoilers = counts["whitelist:spoilers"] or 1
    lines.append(f"every other work finished: {counts['whitelist:wrongly_hidden']} of {counts['whitelist:spoilers']} "
                 f"true spoilers wrongly hidden ({counts['whitelist:wrongly_hidden'] / spoilers:.2%})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.attribution", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--model-dir", default=None)
    parser.add_argument("--all", action="store_true", help="measure on every paragraph, not only held-out works")
    args = parser.parse_args(argv)
    model = artifact.load(args.model_dir or default_model_dir())
    detector = Detector(model, Catalog(load_catalog(Path(args.data) / "works.jsonl")))
    records, _ = load_records(data_files(args.data))
    if not args.all:
        records = split_by_work(records, seed=model.metadata.get("seed", 0))[1]
    print(report(measure(detector, records)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
