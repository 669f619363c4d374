"""Which work a spoiler is about, and which season: the evidence behind the whitelist.

A :class:`NameIndex` finds mentions of titles, aliases and character names in text
by looking up word n-grams (fast: no giant regex). :func:`attribute` weighs the
evidence nearest first — the sentence, then its paragraph, then neighbouring
paragraphs, then the page — and answers None when the evidence is too weak.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from model.catalog import fold

_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*")
TITLE_WEIGHT, CHARACTER_WEIGHT = 3.0, 2.0
# A one-word title ("Dark", "Wednesday", "Friends") is often just a word, so it counts less than a name.
ONE_WORD_TITLE_WEIGHT = 1.0
# Hiding a spoiler because the reader finished its work needs more than one bare name ("Rose" is in many
# stories): a title, or a name plus a title, or two mentions of the work near the spoiler.
SUPPRESS_SUPPORT = 3.0
# Capitalised words that name days and months, never works: "On Wednesday, Walt dies" is not about "Wednesday".
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split())
MAX_NAME_TOKENS = 8
# Names are proper nouns: a catalog word written capitalised ("The End", "The Others", "Past Lives", "the
# Doctor") must be capitalised in the text too, or "by the end" would name a game. Articles are exempt, and an
# all-lower-case sentence ("finally watching mare of easttown") is read leniently for names of two words or more.
ARTICLES = frozenset({"the", "a", "an"})
# One-word names that are everyday words whatever their case ("A" is Pretty Little Liars' villain and a word).
NEVER_ALONE = frozenset({"a", "an", "i", "the", "it", "o"})


@dataclass(frozen=True)
class Mention:
    work: str
    weight: float


def _tokens(text):
    return [(m.group(), m.start()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=100_000)
def _fold_token(token):
    """fold() for one word; words repeat across a page, so this is cached (it is the hot path)."""
    return token.lower() if token.isascii() and token.isalnum() else fold(token)


def _capital_positions(name):
    """Positions of the words of `name` that the text must capitalise too (see ARTICLES)."""
    words = [t for t, _ in _tokens(name)]
    if len(words) == 1:
        return (0,)
    return tuple(i for i, w in enumerate(words) if w[:1].isupper() and w.lower() not in ARTICLES)


class NameIndex:
    """Folded word n-gram → the works it names. Words the catalog capitalises must be capitalised in the text."""

    def __init__(self, works, extra_titles=()):
        self.entries = defaultdict(list)   # key → [(work title, weight, positions that need a capital)]
        self.first_words = set()           # a token not in here cannot start a name: skip it at once
        self.longest = 1
        for work in works:
            for name in {work.title, *work.aliases}:
                self._add(name, work.title, TITLE_WEIGHT)
            for name in work.characters:
                self._add(name, work.title, CHARACTER_WEIGHT)
        for title in extra_titles:
            self._add(title, title, TITLE_WEIGHT)

    def _add(self, name, work, weight):
        words = [t for t, _ in _tokens(fold(name))]
        if not words or len(words) > MAX_NAME_TOKENS:
            return
        key = " ".join(words)
        if len(words) == 1 and (key in CALENDAR_WORDS or key in NEVER_ALONE):
            return
        if len(words) == 1 and weight == TITLE_WEIGHT:
            weight = ONE_WORD_TITLE_WEIGHT
        self.first_words.add(words[0])
        if all(w != work for w, _, _ in self.entries[key]):
            self.entries[key].append((work, weight, _capital_positions(name)))
        self.longest = max(self.longest, len(words))

    def mentions(self, text):
        """Works named in `text`, as a Counter of work → weight (shared names are split)."""
        tokens = _tokens(text)
        folded = [_fold_token(t) for t, _ in tokens]
        lenient = text == text.lower()
        found = Counter()
        i = 0
        while i < len(tokens):
            if folded[i].partition(" ")[0] not in self.first_words:  # "Cheong-san" folds to "cheong san"
                i += 1
                continue
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                owners = self.entries.get(" ".join(folded[i:i + size]))
                if not owners:
                    continue
                owners = [o for o in owners
                          if (lenient and size > 1) or all(tokens[i + p][0][:1].isupper() for p in o[2] if p < size)]
                if not owners:
                    continue
                for work, weight, _ in owners:
                    found[work] += weight / len(owners)
                i += size - 1
                break
            i += 1
        return found


_ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}
_SEASON = re.compile(
    r"\b(?:season|series|book|part)\s*(\d{1,2})\b"
    r"|\bS(\d{1,2})\s*E\d{1,3}\b"
    r"|\b(" + "|".join(_ORDINALS) + r")\s+(?:season|series|book)\b",
    re.IGNORECASE,
)


def find_season(text):
    """The season a sentence ties itself to ("season 2 finale", "S2E03", "third season"), or None."""
    match = _SEASON.search(text)
    if match is None:
        return None
    number, short, ordinal = match.groups()
    return int(number or short) if (number or short) else _ORDINALS[ordinal.lower()]


def _decide(scores, margin=1.0):
    """The best-scoring work if it leads clearly, else None."""
    if not scores:
        return None
    ranked = scores.most_common(2)
    if len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= margin:
        return ranked[0][0]
    return None


class PageEvidence:
    """Mentions of works across a page's blocks, computed lazily: only blocks near a spoiler are read."""

    def __init__(self, index, blocks_sentences, page_title=""):
        self.index = index
        self.blocks_sentences = blocks_sentences
        self.page_title = page_title
        self._sentences = {}
        self._page = None

    def sentences(self, block):
        if block not in self._sentences:
            self._sentences[block] = [self.index.mentions(s) for s in self.blocks_sentences[block]]
        return self._sentences[block]

    def block(self, block):
        return sum(self.sentences(block), Counter())

    def support(self, block, work):
        """How strongly the page ties `work` to this block: its block, three neighbours each side, the page title."""
        near = sum(self.block(j)[work] for j in range(max(0, block - 3), min(len(self.blocks_sentences), block + 4)))
        return near + self.index.mentions(self.page_title or "")[work]

    def attribute(self, block, sentence):
        """The work sentence `sentence` of block `block` is about, nearest evidence first."""
        own = self.sentences(block)
        if own[sentence]:
            return _decide(own[sentence], margin=0.5)
        for distance in range(1, len(own)):
            near = Counter()
            for j in (sentence - distance, sentence + distance):
                if 0 <= j < len(own):
                    near.update(own[j])
            if near:
                return _decide(near)
        for distance in range(1, 4):
            near = Counter()
            for j in (block - distance, block + distance):
                if 0 <= j < len(self.blocks_sentences):
                    near.update(self.block(j))
            if near:
                return _decide(near)
        if self._page is None:
            self._page = sum((self.block(b) for b in range(len(self.blocks_sentences))), Counter())
        return _decide(self.index.mentions(self.page_title or "")) or _decide(self._page, margin=2.0)


def season_of(sentence_text, block_text):
    """A sentence's own season tie, else its paragraph's when the paragraph names only one."""
    own = find_season(sentence_text)
    if own is not None:
        return own
    seasons = {find_season(m.group()) for m in _SEASON.finditer(block_text)}
    return seasons.pop() if len(seasons) == 1 else None
