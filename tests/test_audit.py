"""The label audit puts a plainly wrong label near the top of its list."""

import json

from model import audit
from model.segment import split_sentences
from tests.conftest import ROOT

DATA = ROOT / "training_data"


def test_a_removed_death_label_is_listed(tmp_path, capsys):
    rows = [json.loads(line) for line in (DATA / "mixed.jsonl").read_text(encoding="utf-8").splitlines()][:300]
    victim, sentence = next(
        (r, (a, b)) for r in rows for a, b in split_sentences(r["text"])
        if any(s["start"] == a and s["end"] == b and s["kind"] == "death" for s in r["spoilers"])
        and " dies" in r["text"][a:b])
    victim["spoilers"] = [s for s in victim["spoilers"] if (s["start"], s["end"]) != sentence]
    data = tmp_path / "data"
    data.mkdir()
    (data / "works.jsonl").write_text((DATA / "works.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    assert audit.main(["--data", str(data), "--top", "25"]) == 0
    missed_section = capsys.readouterr().out.split("## ")[1]
    assert f"{victim['id']}\t" in missed_section, missed_section
