"""Labelled paragraphs: the training-data schema, loading and validation.

A record is one paragraph of an article with the spans of its spoiler sentences
(see ``training_data/README.md``). Problems are reported as ``file:line: message``
so a maintainer can go straight to the line.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from model.segment import split_sentences

KINDS = ("death", "identity", "ending", "twist", "relationship", "return", "elimination")
MEDIA = ("tv", "film", "book", "anime", "game", "other")
SOURCE_TYPES = (
    "news", "interview", "review", "recap", "listicle", "wiki", "forum", "comment",
    "social", "headline", "caption", "blog", "guide", "feedback",
)
RECORD_FIELDS = {"id", "work", "medium", "genre", "source_type", "text", "spoilers"}
SPAN_FIELDS = {"start", "end", "kind"}


class DataError(ValueError):
    """A training-data file breaks the schema; the message names file and line."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Record:
    id: str
    work: str
    medium: str
    genre: str
    source_type: str
    text: str
    spoilers: tuple = ()
    where: str = field(default="", compare=False)

    def spoiler_at(self, start, end):
        """The spoiler span covering the sentence [start, end), or None."""
        return next((s for s in self.spoilers if s.start <= start and end <= s.end), None)


def _require(condition, where, message, problems):
    if not condition:
        problems.append(f"{where}: {message}")
    return condition


def _check_span(raw, text, where, problems):
    if not _require(isinstance(raw, dict), where, "each spoiler must be an object", problems):
        return None
    unknown = set(raw) - SPAN_FIELDS
    _require(not unknown, where, f"unknown spoiler field(s) {sorted(unknown)}; allowed: {sorted(SPAN_FIELDS)}", problems)
    start, end, kind = raw.get("start"), raw.get("end"), raw.get("kind")
    if not _require(type(start) is int and type(end) is int, where, "spoiler start and end must be integers", problems):
        return None
    ok = _require(start < end, where, f"span [{start}, {end}] is empty or reversed", problems)
    ok &= _require(0 <= start and end <= len(text), where, f"span [{start}, {end}] is outside the text (length {len(text)})", problems)
    ok &= _require(kind in KINDS, where, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", problems)
    return Span(start, end, kind) if ok else None


def check_alignment(text, spans, where, problems):
    """Spans must start and end on sentence boundaries as split_sentences cuts them."""
    sentences = split_sentences(text)
    starts = {s for s, _ in sentences}
    ends = {e for _, e in sentences}
    for span in spans:
        if span.start not in starts or span.end not in ends:
            problems.append(
                f"{where}: span [{span.start}, {span.end}] {text[span.start:span.end][:40]!r}… is not on sentence "
                "boundaries as the segmenter splits this text; cover whole sentences"
            )
    ordered = sorted(spans, key=lambda s: s.start)
    for before, after in zip(ordered, ordered[1:]):
        _require(after.start >= before.end, where, f"spans [{before.start}, {before.end}] and [{after.start}, {after.end}] overlap", problems)


def parse_record(raw, where, problems):
    """Turn one decoded JSON value into a Record, appending any problems found."""
    if not _require(isinstance(raw, dict), where, "a record must be a JSON object", problems):
        return None
    unknown = set(raw) - RECORD_FIELDS
    _require(not unknown, where, f"unknown field(s) {sorted(unknown)}; allowed: {sorted(RECORD_FIELDS)}", problems)
    missing = RECORD_FIELDS - set(raw)
    if not _require(not missing, where, f"missing field(s) {sorted(missing)}", problems):
        return None
    for name in ("id", "work", "genre", "source_type", "text"):
        if not _require(isinstance(raw[name], str) and raw[name].strip(), where, f"{name} must be a non-empty string", problems):
            return None
    _require(raw["medium"] in MEDIA, where, f"unknown medium {raw['medium']!r}; use one of {', '.join(MEDIA)}", problems)
    _require(raw["source_type"] in SOURCE_TYPES, where, f"unknown source_type {raw['source_type']!r}; use one of {', '.join(SOURCE_TYPES)}", problems)
    if not _require(isinstance(raw["spoilers"], list), where, "spoilers must be a list", problems):
        return None
    spans = [_check_span(s, raw["text"], where, problems) for s in raw["spoilers"]]
    if None in spans:
        return None
    check_alignment(raw["text"], spans, where, problems)
    return Record(raw["id"], raw["work"], raw["medium"], raw["genre"], raw["source_type"], raw["text"],
                  tuple(sorted(spans, key=lambda s: s.start)), where)


def read_records(path, problems):
    """Read one JSONL file; every problem is appended as 'file:line: message'."""
    records = []
    with open(path, "rb") as handle:
        for number, raw_line in enumerate(handle, 1):
            where = f"{path}:{number}"
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(f"{where}: not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: bad JSON: {exc.msg} at column {exc.colno}")
                continue
            record = parse_record(raw, where, problems)
            if record is not None:
                records.append(record)
    return records


def data_files(data_dir):
    """The labelled files of a training-data folder, in a stable order (the catalog is not one)."""
    return sorted(p for p in Path(data_dir).glob("*.jsonl") if p.name != "works.jsonl")


def normalise(text):
    """The form used to catch near-duplicates: case, digits and punctuation folded."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", re.sub(r"\d", "0", text.casefold()))).strip()


def check_duplicates(records, problems):
    seen_ids, seen_texts = {}, {}
    for record in records:
        if record.id in seen_ids:
            problems.append(f"{record.where}: duplicate id {record.id!r} (first at {seen_ids[record.id]})")
        seen_ids.setdefault(record.id, record.where)
        key = normalise(record.text)
        if key in seen_texts:
            problems.append(f"{record.where}: paragraph repeats {seen_texts[key]} (after folding case, digits and punctuation)")
        seen_texts.setdefault(key, record.where)


def load_records(paths, strict=True):
    """Load several JSONL files. With strict, any problem raises DataError listing them all."""
    problems, records = [], []
    for path in paths:
        records.extend(read_records(path, problems))
    check_duplicates(records, problems)
    if problems and strict:
        shown = "\n".join(problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise DataError(f"{len(problems)} problem(s) in the training data:\n{shown}{more}")
    return records, problems


def hash_files(paths):
    """sha256 over the files' names and bytes: the training data's identity."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
