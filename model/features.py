"""What the classifier sees of a sentence: its own text and its paragraph context.

Training and serving both build :class:`Example` objects with :func:`paragraph_examples`,
so the features cannot drift. The transformers here live in an importable module
because pickled pipelines name their classes by module path.
"""

from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from model.segment import split_sentences


class Example(NamedTuple):
    sentence: str
    context: str     # the neighbouring sentences of the same paragraph
    position: float  # 0 for the first sentence of a paragraph, 1 for the last
    is_line: bool    # the sentence is a whole line (a headline, a caption)


def paragraph_examples(text, spans=None):
    """Segment `text` and return (spans, examples); `spans` may be given to skip segmenting."""
    spans = split_sentences(text) if spans is None else spans
    sentences = [text[start:end] for start, end in spans]
    examples = []
    last = max(len(spans) - 1, 1)
    for i, (start, end) in enumerate(spans):
        before = sentences[i - 1] if i > 0 else ""
        after = sentences[i + 1] if i + 1 < len(spans) else ""
        whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
        examples.append(Example(sentences[i], f"{before} {after}".strip(), i / last, whole_line))
    return spans, examples


class SelectField(BaseEstimator, TransformerMixin):
    """Pick one text field of each Example, for a vectoriser."""

    def __init__(self, field="sentence"):
        self.field = field

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [getattr(example, self.field) for example in X]


class ShapeFeatures(BaseEstimator, TransformerMixin):
    """A few dense features of where and how a sentence stands in its paragraph."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        rows = [
            (example.position, float(example.is_line), min(len(example.sentence), 400) / 400.0,
             float(not example.context))
            for example in X
        ]
        return np.asarray(rows, dtype=float).reshape(len(rows), 4)


class MaskNames(BaseEstimator, TransformerMixin):
    """The sentence with capitalised words after its first word replaced by ``xname``.

    Names are what differ between works; masking them lets "xname dies in the finale"
    be learnt once instead of once per show, which is what helps on works never seen.
    """

    def __init__(self, field="sentence"):
        self.field = field

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return [_mask(getattr(example, self.field)) for example in X]


def _mask(text):
    words = text.split()
    return " ".join([words[0]] + ["xname" if w[:1].isupper() else w for w in words[1:]]) if words else ""
