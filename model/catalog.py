"""The works catalog: every work the corpus talks about, with aliases and characters.

One JSON object per line in ``training_data/works.jsonl``::

    {"title": "All of Us Are Dead", "aliases": ["Jibeuro Gan Da"], "medium": "tv",
     "seasons": 2, "year": 2022, "characters": ["Nam On-jo", "Lee Cheong-san"]}

``seasons`` is null for works that have none (films, single novels).
"""

import json
import re
import unicodedata
from dataclasses import dataclass

from model.corpus import MEDIA

WORK_FIELDS = {"title", "aliases", "medium", "seasons", "year", "characters"}


@dataclass(frozen=True)
class Work:
    title: str
    aliases: tuple = ()
    medium: str = "other"
    seasons: int | None = None
    year: int | None = None
    characters: tuple = ()

    def as_json(self):
        return {"title": self.title, "aliases": list(self.aliases), "medium": self.medium,
                "seasons": self.seasons, "year": self.year, "characters": list(self.characters)}


def fold(text):
    """Case-, accent- and punctuation-insensitive form of a name, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", stripped)).strip()


def _parse_work(raw, where, problems):
    if not isinstance(raw, dict):
        problems.append(f"{where}: a work must be a JSON object")
        return None
    unknown = set(raw) - WORK_FIELDS
    if unknown:
        problems.append(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(WORK_FIELDS)}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: title must be a non-empty string")
        return None
    lists = {}
    for name in ("aliases", "characters"):
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(f"{where}: {name} must be a list of non-empty strings")
            return None
        lists[name] = tuple(value)
    medium = raw.get("medium", "other")
    if medium not in MEDIA:
        problems.append(f"{where}: unknown medium {medium!r}; use one of {', '.join(MEDIA)}")
    for name in ("seasons", "year"):
        value = raw.get(name)
        if value is not None and (type(value) is not int or value < 1):
            problems.append(f"{where}: {name} must be a positive integer or null")
            return None
    return Work(title, lists["aliases"], medium, raw.get("seasons"), raw.get("year"), lists["characters"])


def read_catalog(path, problems):
    """Read the catalog; problems (bad lines, a title or alias used by two works) are appended."""
    works, owners = [], {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                work = _parse_work(json.loads(line), where, problems)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: bad JSON: {exc.msg} at column {exc.colno}")
                continue
            if work is None:
                continue
            for name in (work.title, *work.aliases, *work.characters):
                if not any(c.isupper() or c.isdigit() for c in name):
                    problems.append(f"{where}: name {name!r} is not written as a proper noun; attribution matches "
                                    "names by their capitals, so write it as articles do ('the Creature')")
            for name in {fold(n) for n in (work.title, *work.aliases)}:
                if name in owners:
                    problems.append(f"{where}: title or alias {name!r} already names {owners[name]!r}")
                owners.setdefault(name, work.title)
            works.append(work)
    return works


def load_catalog(path):
    problems = []
    works = read_catalog(path, problems)
    if problems:
        raise ValueError("the works catalog has problems:\n" + "\n".join(problems[:50]))
    return works


class Catalog:
    """The works, looked up by any of their names, and searched forgivingly for autocomplete."""

    def __init__(self, works):
        self.works = tuple(works)
        self.by_name = {}
        for work in self.works:
            for name in (work.title, *work.aliases):
                self.by_name.setdefault(fold(name), work)

    def canonical(self, name):
        """The catalog work that `name` is a title or alias of, or None."""
        return self.by_name.get(fold(name))

    def search(self, query, limit=10):
        """Works whose names match `query` best first; forgiving of case, accents, punctuation and typos."""
        wanted = fold(query)
        if not wanted:
            return []
        scored = {}
        for name, work in self.by_name.items():
            score = _match_score(wanted, name)
            if score > 0.55 and score > scored.get(work.title, (0, None))[0]:
                scored[work.title] = (score, work)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].title))
        return [work for _, work in ranked[:limit]]


def _match_score(query, name):
    from difflib import SequenceMatcher

    if name == query:
        return 3.0
    if name.startswith(query):
        return 2.0 + len(query) / len(name)
    if f" {query}" in f" {name}":
        return 1.5 + len(query) / len(name)
    head = name[: len(query) + 2]
    return max(SequenceMatcher(None, query, head).ratio(), SequenceMatcher(None, query, name).ratio())
