"""Text in, spoiler spans out: the function the service calls.

:class:`Detector` holds a loaded model and the works catalog. :meth:`Detector.detect`
segments every block, scores all sentences in one batch, names the kind and the
work of each spoiler, and leaves out spoilers of works the reader has finished.
"""

import re
from dataclasses import dataclass

import sklearn

from model.catalog import fold
from model.features import paragraph_examples
from model.works import SUPPRESS_SUPPORT, NameIndex, PageEvidence, season_of

OFFSET_UNITS = ("codepoint", "utf16")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TooManySentences(ValueError):
    """The text splits into more sentences than the caller allows; it should be sent in parts."""


@dataclass(frozen=True)
class Finished:
    """A work the reader has finished, wholly or through a season."""
    title: str
    through_season: int | None = None


def utf16_offsets(text, positions):
    """Code-point offsets → UTF-16 code-unit offsets (what JavaScript strings index)."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return list(positions)
    from bisect import bisect_left

    return [p + bisect_left(astral, p) for p in positions]


class Detector:
    def __init__(self, model, catalog):
        self.model = model
        self.catalog = catalog
        self.index = NameIndex(catalog.works)

    def _whitelist(self, finished):
        """Folded title → through_season (None = the whole work)."""
        allowed = {}
        for item in finished:
            work = self.catalog.canonical(item.title)
            allowed[fold(work.title if work else item.title)] = item.through_season
        return allowed

    def _index_for(self, finished):
        unknown = [item.title for item in finished if self.catalog.canonical(item.title) is None]
        if not unknown:
            return self.index
        return _CombinedIndex(self.index, NameIndex((), unknown))

    def detect(self, blocks, threshold=None, finished=(), page_title="", offset_unit="codepoint", max_sentences=None):
        """blocks: [(id, text)]. Returns {"spoilers": [...], "suppressed": n}, spoilers in block order."""
        threshold = self.model.threshold if threshold is None else threshold
        if max_sentences is not None:
            # Punkt's cost grows with every '.', '!' and '?' (about 36 µs each), so bound them before segmenting.
            marks = sum(text.count(".") + text.count("!") + text.count("?") for _, text in blocks)
            if marks > 2 * max_sentences:
                raise TooManySentences(f"the text has {marks} sentence-ending marks; the limit is {2 * max_sentences}")
        segmented = [paragraph_examples(text) for _, text in blocks]
        examples = [example for _, block_examples in segmented for example in block_examples]
        if max_sentences is not None and len(examples) > max_sentences:
            raise TooManySentences(f"the text has {len(examples)} sentences; the limit is {max_sentences}")
        if not examples:
            return {"spoilers": [], "suppressed": 0}
        # Our features are finite by construction; skipping sklearn's per-call checks saves ~13 %.
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            scores = self.model.detector.predict_proba(examples)[:, 1]
        flagged, cursor = [], 0
        for b, (spans, _) in enumerate(segmented):
            for s in range(len(spans)):
                if scores[cursor] >= threshold:
                    flagged.append((b, s, cursor))
                cursor += 1
        if not flagged:
            return {"spoilers": [], "suppressed": 0}
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            kinds = self.model.kinds.predict([examples[i] for _, _, i in flagged])
        evidence = PageEvidence(
            self._index_for(finished),
            [[text[a:e] for a, e in spans] for (spans, _), (_, text) in zip(segmented, blocks)],
            page_title,
        )
        whitelist = self._whitelist(finished)
        spoilers, suppressed = [], 0
        for (b, s, i), kind in zip(flagged, kinds):
            block_id, text = blocks[b]
            start, end = segmented[b][0][s]
            work = evidence.attribute(b, s)
            season = season_of(text[start:end], text)
            if work is not None and _is_finished(whitelist, work, season) and evidence.support(b, work) >= SUPPRESS_SUPPORT:
                suppressed += 1
                continue
            if offset_unit == "utf16":
                start, end = utf16_offsets(text, (start, end))
            spoilers.append({"block": block_id, "start": start, "end": end, "score": round(float(scores[i]), 4),
                             "kind": str(kind), "work": work, "season": season})
        return {"spoilers": spoilers, "suppressed": suppressed}


def _is_finished(whitelist, work, season):
    key = fold(work)
    if key not in whitelist:
        return False
    through = whitelist[key]
    # A reader part-way through a series keeps spoilers whose season is unknown: safer blurred than spoiled.
    return through is None or (season is not None and season <= through)


class _CombinedIndex:
    """The catalog's index plus the reader's own titles the catalog does not know."""

    def __init__(self, *indexes):
        self.indexes = indexes

    def mentions(self, text):
        found = self.indexes[0].mentions(text)
        for index in self.indexes[1:]:
            found.update(index.mentions(text))
        return found
