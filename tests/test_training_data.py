import json

import pytest

from model import data
from model.corpus import MEDIA, SOURCE_TYPES, data_files, load_records, normalise
from model.data import corpus_stats
from model.markup import MarkupError, parse_markup
from tests.conftest import ROOT, write_jsonl

GOOD = {"id": "x-1", "work": "Dark", "medium": "tv", "genre": "sf", "source_type": "recap",
        "text": "The town is quiet. Jonas is his own grandfather.", "spoilers": [{"start": 19, "end": 48, "kind": "identity"}]}


def check(tmp_path, rows, capsys):
    write_jsonl(tmp_path / "part.jsonl", rows)
    write_jsonl(tmp_path / "works.jsonl", [{"title": "Dark", "aliases": [], "medium": "tv", "seasons": 3,
                                            "year": 2017, "characters": ["Jonas"]}])
    status = data.main(["check", "--data", str(tmp_path)])
    return status, capsys.readouterr().out


def test_the_project_corpus_passes_the_validator(capsys):
    status = data.main(["check"])
    out = capsys.readouterr().out
    assert status == 0, out[:3000]
    assert "| paragraphs |" in out


def test_a_clean_file_passes_and_prints_statistics(tmp_path, capsys):
    status, out = check(tmp_path, [GOOD], capsys)
    assert status == 0, out
    assert "| spoiler sentences | 1 (50.0 %) |" in out


@pytest.mark.parametrize(
    "change, message",
    [
        ({"spoilers": [{"start": 40, "end": 20, "kind": "death"}]}, "span [40, 20] is empty or reversed"),
        ({"spoilers": [{"start": 19, "end": 99, "kind": "death"}]}, "outside the text"),
        ({"spoilers": [{"start": 22, "end": 48, "kind": "death"}]}, "not on sentence boundaries"),
        ({"spoilers": [{"start": 19, "end": 48, "kind": "plot"}]}, "unknown kind 'plot'"),
        ({"medium": "radio"}, "unknown medium 'radio'"),
        ({"colour": "red"}, "unknown field(s) ['colour']"),
        ({"work": "Not In Catalog"}, "is not in the catalog"),
        ({"spoilers": [{"start": 0, "end": 18, "kind": "death"}, {"start": 0, "end": 48, "kind": "twist"}]}, "overlap"),
    ],
)
def test_the_validator_names_file_line_and_problem(tmp_path, capsys, change, message):
    status, out = check(tmp_path, [{**GOOD, **change}], capsys)
    assert status == 1
    assert f"{tmp_path / 'part.jsonl'}:1: " in out
    assert message in out


def test_duplicate_ids_and_near_duplicate_paragraphs_are_refused(tmp_path, capsys):
    twin = {**GOOD, "id": "x-2", "text": GOOD["text"].upper().replace(".", "!")}
    status, out = check(tmp_path, [GOOD, twin, GOOD], capsys)
    assert status == 1
    assert "duplicate id 'x-1'" in out
    assert "paragraph repeats" in out


def test_bad_json_is_reported_with_its_line(tmp_path, capsys):
    (tmp_path / "part.jsonl").write_text(json.dumps(GOOD) + "\n{not json\n", encoding="utf-8")
    write_jsonl(tmp_path / "works.jsonl", [{"title": "Dark"}])
    assert data.main(["check", "--data", str(tmp_path)]) == 1
    assert "part.jsonl:2: bad JSON" in capsys.readouterr().out


def test_markup_becomes_records_with_exact_spans():
    source = "@@ id=m-1 | work=Dark | medium=tv | genre=sf | source=recap\nThe town is quiet. [[identity]]Jonas is his own grandfather.[[/]]\n"
    [record] = parse_markup(source)
    span = record["spoilers"][0]
    assert record["text"][span["start"]:span["end"]] == "Jonas is his own grandfather."
    assert span["kind"] == "identity"


@pytest.mark.parametrize("source", [
    "@@ id=m | work=D | medium=tv | genre=g | source=recap\n[[death]]Never closed.",
    "@@ id=m | work=D | medium=tv | genre=g | source=recap\nNothing opened.[[/]]",
    "@@ id=m | work=D | medium=tv\nMissing header fields.",
    "Text before any header.",
])
def test_broken_markup_is_refused(source):
    with pytest.raises(MarkupError):
        parse_markup(source)


def test_normalising_folds_case_digits_and_punctuation():
    assert normalise("Season 2: Ned DIES!") == normalise("season 7 ned dies")


def test_the_corpus_loads_every_record_of_every_file():
    records, problems = load_records(sorted((ROOT / "training_data").glob("[!w]*.jsonl")), strict=False)
    assert not problems
    assert len({r.id for r in records}) == len(records)


def test_the_corpus_has_the_size_and_mix_the_datasheet_promises():
    records, _ = load_records(data_files(ROOT / "training_data"))
    stats = corpus_stats(records)
    assert stats["paragraphs"] >= 3000 and stats["works"] >= 300
    assert 0.15 <= stats["spoiler_sentences"] / stats["sentences"] <= 0.25
    assert 0.25 <= stats["paragraphs_with_spoiler"] / stats["paragraphs"] <= 0.45
    assert min(stats["by_kind"].values()) >= 30, stats["by_kind"]
    assert set(stats["by_medium"]) == set(MEDIA)
    assert set(stats["by_source_type"]) >= set(SOURCE_TYPES) - {"feedback"}
    # natural prose repeats "it is a" now and then; a template repeats one skeleton hundreds of times
    assert stats["distinct_openings"] >= 0.8
    opening, count = next((o, n) for o, n in stats["most_common_openings"] if o)
    assert count <= 0.005 * stats["sentences"], (opening, count)


def test_export_then_import_gives_back_every_file_byte_for_byte(tmp_path):
    for path in data_files(ROOT / "training_data"):
        markup, back = tmp_path / f"{path.stem}.txt", tmp_path / f"{path.stem}.jsonl"
        assert data.main(["export", str(path), "--out", str(markup)]) == 0
        assert data.main(["import", str(markup), "--out", str(back)]) == 0
        assert back.read_bytes() == path.read_bytes(), path.name


def test_a_work_written_by_its_alias_is_refused(tmp_path, capsys):
    write_jsonl(tmp_path / "part.jsonl", [{**GOOD, "work": "Dark (Netflix)"}])
    write_jsonl(tmp_path / "works.jsonl", [{"title": "Dark", "aliases": ["Dark (Netflix)"], "medium": "tv",
                                            "seasons": 3, "year": 2017, "characters": ["Jonas"]}])
    assert data.main(["check", "--data", str(tmp_path)]) == 1
    assert "part.jsonl:1: work 'Dark (Netflix)' is an alias; write the title 'Dark'" in capsys.readouterr().out
