"""The agreement measure counts sentences and computes kappa as the textbook formula does."""

import pytest

from model import agreement
from tests.conftest import write_jsonl

TEXT = "The town is quiet. Jonas is his own grandfather. Martha dies in the cave. The music is great."
SPANS = {"jonas": {"start": 19, "end": 48, "kind": "identity"}, "martha": {"start": 49, "end": 73, "kind": "death"}}


def record(*spans, id="x-1"):
    return {"id": id, "work": "Dark", "medium": "tv", "genre": "sf", "source_type": "recap", "text": TEXT,
            "spoilers": [SPANS[s] for s in spans]}


def test_counts_and_kappa(tmp_path, capsys):
    write_jsonl(tmp_path / "a.jsonl", [record("jonas", "martha")])
    write_jsonl(tmp_path / "b.jsonl", [record("jonas")])
    assert agreement.main([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "spoiler in both: 1, in neither: 2, only first: 1, only second: 0" in out
    # observed 3/4; expected 2/4·1/4 + 2/4·3/4 = 1/2; kappa (0.75 - 0.5) / 0.5 = 0.5
    assert "agreement: 75.0%, Cohen's kappa: 0.500" in out
    assert "same kind where both say spoiler: 100.0%" in out


def test_identical_labels_give_kappa_one():
    counts = {"both": 3, "neither": 5, "first_only": 0, "second_only": 0}
    assert agreement.kappa(counts) == pytest.approx(1.0)


def test_no_common_records_is_an_error(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [record("jonas")])
    write_jsonl(tmp_path / "b.jsonl", [record("jonas", id="other")])
    assert agreement.main([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 1
