"""A writing format for new training paragraphs, so nobody types offsets by hand.

    @@ id=aoud-recap-07 | work=All of Us Are Dead | medium=tv | genre=horror | source=recap
    The class hides in the music room. [[death]]Cheong-san stays behind on the roof.[[/]]

A line starting with ``@@`` opens a record; the lines after it, up to the next
``@@``, are its text (inner line breaks are kept, outer blank lines dropped).
``[[kind]]…[[/]]`` marks a spoiler; it must cover whole sentences. Lines starting
with ``#`` before any record are comments.
"""

import re

HEADER_KEYS = {"id": "id", "work": "work", "medium": "medium", "genre": "genre", "source": "source_type"}
_MARK = re.compile(r"\[\[(/|[a-z]+)\]\]")


class MarkupError(ValueError):
    pass


def _parse_header(line, where):
    fields = {}
    for part in line[2:].split("|"):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise MarkupError(f"{where}: header part {part.strip()!r} is not one of {', '.join(HEADER_KEYS)}=…")
        fields[HEADER_KEYS[key]] = value.strip()
    missing = set(HEADER_KEYS.values()) - set(fields)
    if missing:
        raise MarkupError(f"{where}: header lacks {', '.join(sorted(missing))}")
    return fields


def _strip_marks(marked, where):
    text, spans, open_at, kind, last = [], [], None, None, 0
    length = 0
    for match in _MARK.finditer(marked):
        chunk = marked[last:match.start()]
        text.append(chunk)
        length += len(chunk)
        last = match.end()
        tag = match.group(1)
        if tag == "/":
            if open_at is None:
                raise MarkupError(f"{where}: [[/]] closes nothing")
            spans.append({"start": open_at, "end": length, "kind": kind})
            open_at = None
        else:
            if open_at is not None:
                raise MarkupError(f"{where}: [[{tag}]] opens inside another spoiler; close it with [[/]] first")
            open_at, kind = length, tag
    if open_at is not None:
        raise MarkupError(f"{where}: a [[{kind}]] is never closed")
    text.append(marked[last:])
    return "".join(text), spans


def _trim(text, spans):
    """Remove outer whitespace and tighten spans onto their text."""
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    tightened = []
    for span in spans:
        start, end = span["start"] - lead, span["end"] - lead
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        tightened.append({"start": start, "end": end, "kind": span["kind"]})
    return text, tightened


def parse_markup(source, name="<markup>"):
    """Return raw record dicts (the JSONL schema) from markup text."""
    records, header, lines, header_line = [], None, [], 0

    def flush():
        if header is None:
            return
        text, spans = _trim(*_strip_marks("\n".join(lines), f"{name}:{header_line}"))
        records.append({**header, "text": text, "spoilers": spans})

    for number, line in enumerate(source.splitlines(), 1):
        if line.startswith("@@"):
            flush()
            header, lines, header_line = _parse_header(line, f"{name}:{number}"), [], number
        elif header is not None:
            lines.append(line)
        elif line.strip() and not line.startswith("#"):
            raise MarkupError(f"{name}:{number}: text before the first @@ header")
    flush()
    return records


def to_markup(raws):
    """The inverse of parse_markup: raw record dicts → markup text (for reviewing labels by hand)."""
    blocks = []
    for raw in raws:
        header = " | ".join(f"{key}={raw[field]}" for key, field in HEADER_KEYS.items())
        text, pieces, last = raw["text"], [], 0
        for span in sorted(raw["spoilers"], key=lambda s: s["start"]):
            pieces += [text[last:span["start"]], f"[[{span['kind']}]]", text[span["start"]:span["end"]], "[[/]]"]
            last = span["end"]
        pieces.append(text[last:])
        blocks.append(f"@@ {header}\n{''.join(pieces)}\n")
    return "\n".join(blocks)
