"""How consistently the guideline is applied: two people's labels of the same paragraphs, sentence by sentence.

    python -m model.agreement FIRST.jsonl SECOND.jsonl

Both files hold the same records (matched by id, same text) labelled independently. Prints the share of
sentences on which they agree, Cohen's kappa (agreement beyond what their spoiler rates alone would give), the
disagreements in each direction, and how often they pick the same kind for a sentence both call a spoiler.
"""

import argparse
import sys

from model.corpus import load_records
from model.segment import split_sentences


def sentence_labels(record):
    """(start, end, kind or None) for every sentence of a record."""
    labels = []
    for start, end in split_sentences(record.text):
        span = record.spoiler_at(start, end)
        labels.append((start, end, span.kind if span else None))
    return labels


def compare(first, second):
    """Counts over the sentences of the records both files hold."""
    by_id = {r.id: r for r in second}
    counts = {"both": 0, "neither": 0, "first_only": 0, "second_only": 0, "same_kind": 0, "records": 0}
    for record in first:
        other = by_id.get(record.id)
        if other is None or other.text != record.text:
            continue
        counts["records"] += 1
        for (_, _, a), (_, _, b) in zip(sentence_labels(record), sentence_labels(other)):
            if a and b:
                counts["both"] += 1
                counts["same_kind"] += a == b
            elif a:
                counts["first_only"] += 1
            elif b:
                counts["second_only"] += 1
            else:
                counts["neither"] += 1
    return counts


def kappa(counts):
    """Cohen's kappa for the binary spoiler / not-spoiler decision."""
    total = counts["both"] + counts["neither"] + counts["first_only"] + counts["second_only"]
    if not total:
        return float("nan")
    observed = (counts["both"] + counts["neither"]) / total
    first_yes = (counts["both"] + counts["first_only"]) / total
    second_yes = (counts["both"] + counts["second_only"]) / total
    expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.agreement", description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args(argv)
    first, _ = load_records([args.first])
    second, _ = load_records([args.second])
    c = compare(first, second)
    total = c["both"] + c["neither"] + c["first_only"] + c["second_only"]
    if not total:
        print("no records in common (same id and text)", file=sys.stderr)
        return 1
    print(f"records compared: {c['records']}, sentences: {total}")
    print(f"spoiler in both: {c['both']}, in neither: {c['neither']}, "
          f"only first: {c['first_only']}, only second: {c['second_only']}")
    print(f"agreement: {(c['both'] + c['neither']) / total:.1%}, Cohen's kappa: {kappa(c):.3f}")
    if c["both"]:
        print(f"same kind where both say spoiler: {c['same_kind'] / c['both']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
