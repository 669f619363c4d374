"""Properties that hold for any text at all (hypothesis): offsets inside the text, on sentence boundaries."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import artifact
from model.catalog import Catalog, load_catalog
from model.detector import Detector, utf16_offsets
from model.segment import MAX_SENTENCE_CHARS, split_sentences
from tests.conftest import TINY

# Every Unicode character (lone surrogates are replaced by the service before it segments), and
# runs of punctuation, spaces and line breaks so that sentence boundaries are common.
TEXT = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(list(".!?\"')( \n\r\t…"))),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_sentences_are_ordered_trimmed_slices_of_the_text(text):
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and end - start <= MAX_SENTENCE_CHARS
        previous_end = end


@pytest.fixture(scope="module")
def detector(tiny_model_dir):
    return Detector(artifact.load(tiny_model_dir), Catalog(load_catalog(TINY / "works.jsonl")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=1, max_size=4), st.sampled_from(["codepoint", "utf16"]))
def test_detected_spans_are_whole_sentences_of_their_block(detector, texts, unit):
    blocks = [(f"b{i}", text) for i, text in enumerate(texts)]
    result = detector.detect(blocks, threshold=0.0, offset_unit=unit)
    by_block = {}
    for spoiler in result["spoilers"]:
        by_block.setdefault(spoiler["block"], []).append((spoiler["start"], spoiler["end"]))
    for block_id, text in blocks:
        sentences = split_sentences(text)
        expected = [tuple(utf16_offsets(text, s)) for s in sentences] if unit == "utf16" else sentences
        assert by_block.get(block_id, []) == expected
