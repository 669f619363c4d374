import pytest

from model.detector import utf16_offsets
from model.segment import MAX_SENTENCE_CHARS, split_sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Kim leaves in ep. 3 of the show. Then he returns.", ["Dr. Kim leaves in ep. 3 of the show.", "Then he returns."]),
        ('"He is dead." she said. Nobody moved.', ['"He is dead." she said.', "Nobody moved."]),
        ("(It was sad.) The end came fast.", ["(It was sad.)", "The end came fast."]),
        ("Finale shocks fans\nThe last episode aired on Sunday.", ["Finale shocks fans", "The last episode aired on Sunday."]),
        ("In the U.S. version, Mr. Smith wins. What? No!", ["In the U.S. version, Mr. Smith wins.", "What?", "No!"]),
        ("  padded sentence.   \n\n  ", ["padded sentence."]),
        ("Mrs. Hughes vs. Mr. Carson, e.g. in season 2, is the best duel.", ["Mrs. Hughes vs. Mr. Carson, e.g. in season 2, is the best duel."]),
        ("", []),
        ("   \n\t ", []),
        ("----\n***", []),
    ],
)
def test_sentences_are_split_where_a_reader_would_split_them(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Plain text. More text!  And more?",
        "😀 Emoji first. Then 🧟 zombies 🧟‍♂️ inside. Last one 𝒳.",
        "Line one\r\nLine two. Line three\u2028Line four.",
        "Combining e\u0301 accents. Right-to-left \u05e9\u05dc\u05d5\u05dd text.",
        "x" * (MAX_SENTENCE_CHARS * 3 + 17),
        ("word " * 900).strip(),
    ],
)
def test_offsets_are_exact_and_trimmed(text):
    spans = split_sentences(text)
    assert spans == sorted(spans)
    for (a, b), (c, _) in zip(spans, spans[1:]):
        assert b <= c
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()
        assert end - start <= MAX_SENTENCE_CHARS


def test_a_sentence_with_no_punctuation_is_cut_into_bounded_pieces():
    text = ("spoiler " * 5000).strip()
    spans = split_sentences(text)
    assert len(spans) >= 40
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_utf16_offsets_count_astral_characters_twice():
    text = "😀 Emoji first. Then 🧟 the spoiler."
    spans = split_sentences(text)
    second = spans[1]
    start16, end16 = utf16_offsets(text, second)
    encoded = text.encode("utf-16-le")
    assert encoded[start16 * 2:end16 * 2].decode("utf-16-le") == text[second[0]:second[1]]
    assert (start16, end16) == (second[0] + 1, second[1] + 2)


def test_utf16_offsets_are_unchanged_for_text_without_astral_characters():
    assert utf16_offsets("plain é text", [0, 5, 12]) == [0, 5, 12]
