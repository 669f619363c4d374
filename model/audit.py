"""List the labels most worth a second look: where a model that never saw the work disagrees most.

    python -m model.audit [--data DIR] [--top N]

Every sentence is scored by a detector trained without its work (5 folds grouped by
work). The sentences labelled "not a spoiler" that score highest, and the spoilers
that score lowest, are printed with their record id, so a reviewer can fix a missed
or wrong label in the source file. It decides nothing by itself.
"""

import argparse
from pathlib import Path

import numpy as np
from model.catalog import fold
from model.corpus import data_files, load_records
from model.features import paragraph_examples
from model.train import DEFAULT_DATA, out_of_fold_scores


def sentence_rows(records):
    rows = []
    for record in records:
        spans, examples = paragraph_examples(record.text)
        for (start, end), example in zip(spans, examples):
            spoiler = record.spoiler_at(start, end) is not None
            rows.append((record.id, fold(record.work), example, spoiler))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--top", type=int, default=40, help="how many of each direction to print")
    args = parser.parse_args(argv)
    records, _ = load_records(data_files(args.data))
    rows = sentence_rows(records)
    labels = np.array([row[3] for row in rows])
    scores = out_of_fold_scores([row[2] for row in rows], labels, [row[1] for row in rows],
                                np.ones(len(rows)), folds=5)
    for title, candidates, order in (
        ("labelled NOT a spoiler, scored highest (missed spoiler?)", np.flatnonzero(~labels), -1),
        ("labelled spoiler, scored lowest (over-labelled, or a hard positive)", np.flatnonzero(labels), 1),
    ):
        print(f"## {title}")
        ranked = candidates[np.argsort(order * scores[candidates], kind="stable")][: args.top]
        for i in ranked:
            print(f"{rows[i][0]}\t{scores[i]:.2f}\t{rows[i][2].sentence}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
