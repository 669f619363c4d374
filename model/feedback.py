"""Readers' corrections: stored durably, merged when repeated, exported as training data.

    python -m model.feedback export --min-count N --out FILE [--db PATH]
    python -m model.feedback stats [--db PATH]

A report says that some sentences of a paragraph are (``spoiler``) or are not
(``not_spoiler``) spoilers. Identical reports merge into one row with a count.
Writes use SQLite in WAL mode with ``synchronous=FULL``: once the service has
answered 2xx, the report survives a crash. Export writes only the reported
sentences as a record (the paragraph's other sentences were not judged).
"""

import argparse
import hashlib
import json
import sqlite3
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from model.catalog import Catalog, load_catalog
from model.corpus import KINDS

LABELS = ("spoiler", "not_spoiler")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "feedback.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    sentences TEXT NOT NULL,
    paragraph TEXT NOT NULL,
    work TEXT,
    kind TEXT,
    origin TEXT,
    count INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
)"""


def connect(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=10000")
    db.execute(SCHEMA)
    return db


def report_key(label, sentences, paragraph, work):
    parts = json.dumps([label, [s.strip() for s in sentences], paragraph.strip(), (work or "").casefold()])
    return hashlib.sha256(parts.encode()).hexdigest()


def store(path, label, sentences, paragraph, work=None, kind=None, origin=None):
    """Save one report, or count it again if the same report exists; returns (id, count)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with closing(connect(path)) as db:
        row = db.execute(
            """INSERT INTO reports (key, label, sentences, paragraph, work, kind, origin, first_seen, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen
               RETURNING id, count""",
            (report_key(label, sentences, paragraph, work), label, json.dumps(sentences, ensure_ascii=False),
             paragraph, work, kind, origin, now, now),
        ).fetchone()
    return row[0], row[1]


def rows(path, min_count=1):
    with closing(connect(path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM reports WHERE count >= ? ORDER BY id", (min_count,))]


def to_record(row, catalog):
    """One report as a training record: the reported sentences, labelled as the reader said."""
    text = " ".join(s.strip() for s in json.loads(row["sentences"]))
    work = catalog.canonical(row["work"]) if row["work"] else None
    spoilers = []
    if row["label"] == "spoiler":
        spoilers = [{"start": 0, "end": len(text), "kind": row["kind"] if row["kind"] in KINDS else "twist"}]
    return {"id": f"feedback-{row['id']}", "work": work.title if work else (row["work"] or "unknown"),
            "medium": work.medium if work else "other", "genre": "unknown", "source_type": "feedback",
            "text": text, "spoilers": spoilers}


def export(path, out, min_count, catalog):
    """Write reports seen at least `min_count` times as JSONL; conflicting reports go by majority."""
    by_text = {}
    for row in rows(path, min_count):
        record = to_record(row, catalog)
        best = by_text.get(record["text"])
        if best is None or row["count"] > best[0]:
            by_text[record["text"]] = (row["count"], record)
        elif row["count"] == best[0] and best[1]["spoilers"] != record["spoilers"]:
            by_text[record["text"]] = (row["count"], None)  # a tie between labels: leave it to a maintainer
    records = [r for _, r in by_text.values() if r is not None]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return len(records), len(by_text) - len(records)


def stats(path, top=10):
    """The most-reported false alarms and misses, and counts by work and kind."""
    summary = {"false_alarms": [], "misses": [], "by_work": {}, "by_kind": {}}
    for row in sorted(rows(path), key=lambda r: -r["count"]):
        key = "misses" if row["label"] == "spoiler" else "false_alarms"
        if len(summary[key]) < top:
            summary[key].append({"count": row["count"], "work": row["work"], "sentences": json.loads(row["sentences"])})
        work = row["work"] or "(unknown)"
        counts = summary["by_work"].setdefault(work, {"false_alarms": 0, "misses": 0})
        counts[key] += row["count"]
        if row["label"] == "spoiler":
            summary["by_kind"][row["kind"] or "(none)"] = summary["by_kind"].get(row["kind"] or "(none)", 0) + row["count"]
    return summary


def print_stats(summary):
    for title, key in (("Most-reported false alarms", "false_alarms"), ("Most-reported misses", "misses")):
        print(f"{title}:")
        for item in summary[key]:
            print(f"  {item['count']:>4}×  [{item['work'] or '?'}]  {' '.join(item['sentences'])[:110]}")
    print("By work (false alarms / misses):")
    for work, counts in sorted(summary["by_work"].items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {work:<40} {counts['false_alarms']:>5} / {counts['misses']:<5}")
    print("Misses by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["by_kind"].items(), key=lambda kv: -kv[1])))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m model.feedback", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="feedback database (default %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    exp = commands.add_parser("export", help="write reports as labelled JSONL for review and `spoiler-train --extra`")
    exp.add_argument("--min-count", type=int, default=1)
    exp.add_argument("--out", required=True)
    exp.add_argument("--catalog", default=ROOT / "training_data" / "works.jsonl")
    commands.add_parser("stats", help="show what readers report most")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        print(f"no feedback database at {args.db}", file=sys.stderr)
        return 1
    if args.command == "export":
        catalog = Catalog(load_catalog(args.catalog)) if Path(args.catalog).is_file() else Catalog(())
        written, ties = export(args.db, args.out, args.min_count, catalog)
        print(f"wrote {written} records to {args.out}" + (f"; {ties} left out: readers disagree" if ties else ""))
        return 0
    print_stats(stats(args.db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
