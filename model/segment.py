"""Sentence segmentation with exact character offsets.

One function, :func:`split_sentences`, segments both the training data and the
text the service is asked about, so the two cannot drift apart. It uses NLTK's
Punkt algorithm with parameters kept in ``punkt.json`` (no download needed).

Rules on top of Punkt:
- a line break is a hard boundary, so headlines and list items without final
  punctuation are sentences of their own;
- a piece that starts with a lower-case letter continues the sentence before it
  (``"He is dead." she said.`` is one sentence);
- a piece longer than ``MAX_SENTENCE_CHARS`` is cut at whitespace, so a page with
  no punctuation still costs bounded time downstream;
- ``text[start:end]`` is the sentence exactly, with no surrounding whitespace.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

PARAMS_PATH = Path(__file__).with_name("punkt.json")
MAX_SENTENCE_CHARS = 1000

_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=1)
def _tokenizer():
    data = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    return PunktSentenceTokenizer(params)


def _strip(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _starts_lowercase(piece):
    for char in piece:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def _cut_long(text, start, end, limit):
    """Cut [start, end) into pieces of at most `limit` characters, at whitespace when possible."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        piece = _strip(text, start, cut)
        if piece[1] > piece[0]:
            yield piece
        start = _strip(text, cut, end)[0]
    if end > start:
        yield start, end


def _line_spans(text, line_start, line_end):
    line = text[line_start:line_end]
    merged = []
    for rel_start, rel_end in _tokenizer().span_tokenize(line):
        start, end = _strip(text, line_start + rel_start, line_start + rel_end)
        if end <= start:
            continue
        if merged and _starts_lowercase(text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def split_sentences(text, max_chars=MAX_SENTENCE_CHARS):
    """Return the sentences of `text` as a list of (start, end) code-point offsets."""
    spans = []
    for match in _LINE.finditer(text):
        start, end = _strip(text, match.start(), match.end())
        if end <= start or not _WORD_CHAR.search(text, start, end):
            continue
        for sent_start, sent_end in _line_spans(text, start, end):
            spans.extend(_cut_long(text, sent_start, sent_end, max_chars))
    return spans
