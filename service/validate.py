"""Turning request bodies into checked values; every problem is an ApiError naming the field."""

import json
import re
from dataclasses import dataclass

from flask import request

from model.detector import OFFSET_UNITS, Finished
from service.errors import ApiError

_SURROGATE = re.compile("[\ud800-\udfff]")
DETECT_FIELDS = {"text", "blocks", "context", "finished", "threshold", "offset_unit"}


@dataclass(frozen=True)
class DetectRequest:
    blocks: list            # [(id or None, text)]
    single: bool            # the client sent `text`, not `blocks`
    page_title: str
    finished: tuple
    threshold: float | None
    offset_unit: str


def json_body():
    """The request's JSON object, or a 415/400 that says what is wrong."""
    if request.mimetype != "application/json":
        raise ApiError(415, "send the body as JSON with Content-Type: application/json")
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"body is not valid UTF-8 (byte {exc.start}); encode the text as UTF-8") from None
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ApiError(400, "body is nested too deeply to be a valid request") from None
    if not isinstance(body, dict):
        raise ApiError(400, "body must be a JSON object")
    return body


def clean_text(value, field):
    if not isinstance(value, str):
        raise ApiError(400, f"`{field}` must be a string")
    # A lone surrogate is one code unit in both units; U+FFFD keeps every offset where it was.
    return _SURROGATE.sub("\ufffd", value)


def _blocks(body, config):
    has_text, has_blocks = "text" in body, "blocks" in body
    if has_text == has_blocks:
        raise ApiError(400, "send exactly one of `text` (a string) or `blocks` (a list of {id, text})")
    if has_text:
        blocks = [(None, clean_text(body["text"], "text"))]
    else:
        raw = body["blocks"]
        if not isinstance(raw, list):
            raise ApiError(400, "`blocks` must be a list of {\"id\": string, \"text\": string}")
        if len(raw) > config["MAX_BLOCKS"]:
            raise ApiError(413, f"`blocks` has {len(raw)} items; the limit is {config['MAX_BLOCKS']}; split the page")
        blocks, seen = [], set()
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or set(item) != {"id", "text"}:
                raise ApiError(400, f"`blocks[{i}]` must be an object with exactly `id` and `text`")
            if not isinstance(item["id"], str) or not item["id"] or len(item["id"]) > 200:
                raise ApiError(400, f"`blocks[{i}].id` must be a non-empty string of at most 200 characters")
            if item["id"] in seen:
                raise ApiError(400, f"`blocks[{i}].id` {item['id']!r} is used twice; ids must be unique")
            seen.add(item["id"])
            blocks.append((item["id"], clean_text(item["text"], f"blocks[{i}].text")))
    longest = max((len(text) for _, text in blocks), default=0)
    if longest > config["MAX_BLOCK_CHARS"]:
        raise ApiError(413, f"a block has {longest} characters; the limit is {config['MAX_BLOCK_CHARS']} per block")
    total = sum(len(text) for _, text in blocks)
    if total > config["MAX_TOTAL_CHARS"]:
        raise ApiError(413, f"the request has {total} characters; the limit is {config['MAX_TOTAL_CHARS']}; split the page")
    return blocks, has_text


def _finished(value, config):
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ApiError(400, "`finished` must be a list of titles or {\"work\": title, \"through_season\": n}")
    if len(value) > config["MAX_FINISHED"]:
        raise ApiError(413, f"`finished` has {len(value)} items; the limit is {config['MAX_FINISHED']}")
    items = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            items.append(Finished(item.strip()))
            continue
        if not isinstance(item, dict) or not set(item) <= {"work", "through_season"} or "work" not in item:
            raise ApiError(400, f"`finished[{i}]` must be a title or {{\"work\": title, \"through_season\": n}}")
        work, season = item["work"], item.get("through_season")
        if not isinstance(work, str) or not work.strip():
            raise ApiError(400, f"`finished[{i}].work` must be a non-empty string")
        if season is not None and (type(season) is not int or season < 1):
            raise ApiError(400, f"`finished[{i}].through_season` must be a positive whole number or null")
        items.append(Finished(work.strip(), season))
    return tuple(items)


def detect_request(body, config):
    unknown = set(body) - DETECT_FIELDS
    if unknown:
        raise ApiError(400, f"unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(DETECT_FIELDS))}")
    blocks, single = _blocks(body, config)
    context = {} if body.get("context") is None else body["context"]
    if not isinstance(context, dict) or not all(isinstance(context.get(k, ""), str) for k in ("url", "title")):
        raise ApiError(400, "`context` must be an object like {\"url\": string, \"title\": string}")
    threshold = body.get("threshold")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, (int, float))
                                  or not 0 <= threshold <= 1):
        raise ApiError(400, "`threshold` must be a number from 0 to 1")
    unit = body.get("offset_unit", "codepoint")
    if unit not in OFFSET_UNITS:
        raise ApiError(400, f"`offset_unit` must be one of {', '.join(OFFSET_UNITS)}")
    title = clean_text(context.get("title", ""), "context.title")[:1000]
    return DetectRequest(blocks, single, title, _finished(body.get("finished"), config),
                         None if threshold is None else float(threshold), unit)


FEEDBACK_FIELDS = {"label", "sentences", "paragraph", "work", "kind", "origin"}
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")


def require_extension_origin():
    """State-changing calls come from the extension (or a tool without an Origin), never from a web page."""
    origin = request.headers.get("Origin")
    if origin and not origin.startswith(EXTENSION_SCHEMES):
        raise ApiError(403, "this endpoint accepts requests from the Spoiler Shield extension only")


def _optional_string(body, name, limit):
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(400, f"`{name}` must be a string of at most {limit} characters, or null")
    return clean_text(value, name).strip() or None


def feedback_request(body):
    from model.corpus import KINDS
    from model.feedback import LABELS

    unknown = set(body) - FEEDBACK_FIELDS
    if unknown:
        raise ApiError(400, f"unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(FEEDBACK_FIELDS))}")
    if body.get("label") not in LABELS:
        raise ApiError(400, f"`label` must be one of {', '.join(LABELS)}")
    sentences = body.get("sentences")
    if not isinstance(sentences, list) or not 1 <= len(sentences) <= 10:
        raise ApiError(400, "`sentences` must be a list of 1 to 10 sentences")
    cleaned = []
    for i, sentence in enumerate(sentences):
        text = clean_text(sentence, f"sentences[{i}]").strip()
        if not text or len(text) > 2000:
            raise ApiError(400, f"`sentences[{i}]` must hold 1 to 2000 characters")
        cleaned.append(text)
    paragraph = clean_text(body.get("paragraph"), "paragraph")
    if len(paragraph) > 10_000:
        raise ApiError(400, "`paragraph` must be at most 10000 characters")
    missing = [i for i, s in enumerate(cleaned) if s not in paragraph]
    if missing:
        raise ApiError(400, f"`sentences[{missing[0]}]` does not occur in `paragraph`; send the sentence as it stands there")
    kind = body.get("kind")
    if kind is not None and kind not in KINDS:
        raise ApiError(400, f"`kind` must be one of {', '.join(KINDS)}, or null")
    origin = _optional_string(body, "origin", 300)
    if origin is not None and not _ORIGIN.match(origin):
        raise ApiError(400, "`origin` must be a page origin like https://example.org (no path)")
    return {"label": body["label"], "sentences": cleaned, "paragraph": paragraph,
            "work": _optional_string(body, "work", 300), "kind": kind, "origin": origin}
