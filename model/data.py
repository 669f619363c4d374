"""Check, import and describe the training data.

    python -m model.data check [--data DIR] [FILE ...]   validate, then print statistics
    python -m model.data import MARKUP ... --out FILE    convert markup (model/markup.py) to JSONL
    python -m model.data export FILE.jsonl --out MARKUP  the reverse, to review or relabel by hand
    python -m model.data stats --write-readme            refresh the statistics in training_data/README.md

Exit status 1 and ``file:line: message`` lines when anything is wrong.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from model.catalog import fold, read_catalog
from model.corpus import KINDS, data_files, load_records, parse_record
from model.markup import MarkupError, parse_markup, to_markup
from model.segment import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "training_data"
STATS_BEGIN, STATS_END = "<!-- stats:begin -->", "<!-- stats:end -->"


def check_catalog_coverage(records, works, problems):
    titles = {fold(work.title) for work in works}
    alias_of = {fold(alias): work.title for work in works for alias in work.aliases}
    for record in records:
        name = fold(record.work)
        if name in titles:
            continue
        if name in alias_of:
            problems.append(f"{record.where}: work {record.work!r} is an alias; write the title {alias_of[name]!r} so "
                            "the split by work and the statistics count the work once")
        else:
            problems.append(f"{record.where}: work {record.work!r} is not in the catalog (training_data/works.jsonl)")


def opening(sentence):
    words = re.findall(r"[a-z']+", sentence.lower())
    return " ".join(words[:3])


def corpus_stats(records):
    """Statistics of a corpus, as a dict of plain numbers and tables."""
    sentences = spoilers = 0
    by_kind, by_medium, by_source = Counter(), {}, {}
    openings = Counter()
    with_spoiler = 0
    for record in records:
        with_spoiler += bool(record.spoilers)
        for start, end in split_sentences(record.text):
            span = record.spoiler_at(start, end)
            sentences += 1
            spoilers += span is not None
            if span is not None:
                by_kind[span.kind] += 1
            for table, key in ((by_medium, record.medium), (by_source, record.source_type)):
                total, hits = table.get(key, (0, 0))
                table[key] = (total + 1, hits + (span is not None))
            openings[opening(record.text[start:end])] += 1
    return {
        "paragraphs": len(records),
        "works": len({fold(r.work) for r in records}),
        "paragraphs_with_spoiler": with_spoiler,
        "sentences": sentences,
        "spoiler_sentences": spoilers,
        "by_kind": {k: by_kind.get(k, 0) for k in KINDS},
        "by_medium": dict(sorted(by_medium.items())),
        "by_source_type": dict(sorted(by_source.items())),
        "distinct_openings": len(openings) / max(sentences, 1),
        "most_common_openings": openings.most_common(5),
    }


def _share(part, whole):
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def format_stats(stats):
    n, s = stats["paragraphs"], stats["sentences"]
    lines = [
        "| measure | value |", "|---|---|",
        f"| paragraphs | {n} |",
        f"| works | {stats['works']} |",
        f"| paragraphs with a spoiler | {stats['paragraphs_with_spoiler']} ({_share(stats['paragraphs_with_spoiler'], n)}) |",
        f"| sentences | {s} |",
        f"| spoiler sentences | {stats['spoiler_sentences']} ({_share(stats['spoiler_sentences'], s)}) |",
        f"| distinct sentence openings (first three words) | {100 * stats['distinct_openings']:.1f} % |",
        "", "| spoiler kind | sentences | share of spoiler sentences |", "|---|---|---|",
    ]
    lines += [f"| {k} | {v} | {_share(v, stats['spoiler_sentences'])} |" for k, v in stats["by_kind"].items()]
    for title, key in (("medium", "by_medium"), ("source type", "by_source_type")):
        lines += ["", f"| {title} | sentences | spoiler share |", "|---|---|---|"]
        lines += [f"| {k} | {total} | {_share(hits, total)} |" for k, (total, hits) in stats[key].items()]
    return "\n".join(lines)


def run_check(data_dir, files):
    paths = [Path(f) for f in files] or data_files(data_dir)
    records, problems = load_records(paths, strict=False)
    catalog_path = Path(data_dir) / "works.jsonl"
    if catalog_path.is_file():
        check_catalog_coverage(records, read_catalog(catalog_path, problems), problems)
    else:
        problems.append(f"{catalog_path}: the works catalog is missing; every work needs an entry there")
    for problem in problems:
        print(problem)
    print(format_stats(corpus_stats(records)))
    if problems:
        print(f"\n{len(problems)} problem(s) found", file=sys.stderr)
    return 1 if problems else 0


def run_import(sources, out):
    records, problems = [], []
    for source in sources:
        try:
            raws = parse_markup(Path(source).read_text(encoding="utf-8"), source)
        except MarkupError as exc:
            print(exc)
            return 1
        for raw in raws:
            record = parse_record(raw, f"{source}: record {raw['id']}", problems)
            if record is not None:
                records.append(raw)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    with open(out, "w", encoding="utf-8") as handle:
        for raw in records:
            handle.write(json.dumps(raw, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {out}")
    return 0


def run_export(source, out):
    raws = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines() if line.strip()]
    Path(out).write_text(to_markup(raws), encoding="utf-8")
    print(f"wrote {len(raws)} records to {out}")
    return 0


def write_readme_stats(data_dir):
    records, _ = load_records(data_files(data_dir))
    readme = Path(data_dir) / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(STATS_BEGIN)
    _, _, tail = rest.partition(STATS_END)
    block = f"{STATS_BEGIN}\n{format_stats(corpus_stats(records))}\n{STATS_END}"
    readme.write_text(head + block + tail, encoding="utf-8")
    print(f"updated the statistics in {readme}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.data", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the training data and print statistics")
    check.add_argument("--data", default=DEFAULT_DATA, help="training-data folder (default %(default)s)")
    check.add_argument("files", nargs="*", help="check only these JSONL files (the catalog still comes from --data)")
    imp = commands.add_parser("import", help="convert markup files to one JSONL file")
    imp.add_argument("sources", nargs="+")
    imp.add_argument("--out", required=True)
    exp = commands.add_parser("export", help="convert one JSONL file back to markup")
    exp.add_argument("source")
    exp.add_argument("--out", required=True)
    stats = commands.add_parser("stats", help="print statistics or refresh them in the datasheet")
    stats.add_argument("--data", default=DEFAULT_DATA)
    stats.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.data, args.files)
    if args.command == "import":
        return run_import(args.sources, args.out)
    if args.command == "export":
        return run_export(args.source, args.out)
    if args.write_readme:
        return write_readme_stats(args.data)
    print(format_stats(corpus_stats(load_records(data_files(args.data))[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
