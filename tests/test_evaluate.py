"""The evaluation tool reads both formats and scores gold sentences the way the product would."""

import json

from model import evaluate
from model.baselines import keyword_scores, keyword_threshold
from tests.conftest import TINY, write_jsonl


def test_benchmark_records_are_scored_per_gold_sentence(tiny_model_dir, tmp_path, capsys):
    text = "Jonas is his own grandfather. The show is filmed near Berlin."
    path = write_jsonl(tmp_path / "bench.jsonl", [
        {"id": "b1", "source": "demo", "work": "Dark", "text": text, "spoiler_spans": [[0, 29]], "sentences": [[0, 29], [30, 61]]},
        {"id": "b2", "source": "demo", "work": "Dark", "text": "Nothing at all happens.", "doc_spoiler": False},
    ])
    report_path = tmp_path / "report.json"
    status = evaluate.main([str(path), "--model-dir", str(tiny_model_dir), "--data", str(TINY),
                            "--bootstrap", "20", "--report", str(report_path), "--plot", str(tmp_path / "plot.png")])
    assert status == 0
    report = json.loads(report_path.read_text())
    [dataset] = report["datasets"].values()
    assert dataset["records"] == 2 and dataset["units"] == 3
    assert set(dataset["systems"]) == {"spoiler-shield", "keyword"}
    assert (tmp_path / "plot.png").stat().st_size > 1000
    assert "spoiler-shield" in capsys.readouterr().out


def test_our_own_format_is_read_with_kinds(tmp_path):
    rows = [json.loads(line) for line in (TINY / "tiny.jsonl").read_text().splitlines()[:3]]
    records = evaluate.read_dataset(write_jsonl(tmp_path / "ours.jsonl", rows))
    assert records[0].spans[0][2] == "death"
    units, labels, kinds, _, _ = evaluate.units_of(records[0], "ours")
    assert labels == [False, True, True] and kinds == [None, "death", "death"]


def test_a_unit_takes_the_highest_score_of_the_predicted_sentences_overlapping_it():
    assert evaluate.map_scores([(0, 10), (11, 30)], [(0, 5), (6, 20), (21, 30)], [0.1, 0.7, 0.2]) == [0.7, 0.7]


def test_the_keyword_baseline_flags_any_cue_and_counts_them():
    scores = keyword_scores(["Walt dies in the finale.", "The weather is nice.", "He is killed; she dies; it ends."])
    assert scores[0] >= keyword_threshold() > scores[1] == 0
    assert scores[2] == 1.0


def test_the_learning_curve_trains_on_growing_shares_of_works(capsys):
    from model import curve

    assert curve.main(["--data", str(TINY), "--shares", "0.5,1", "--seeds", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[1].startswith("50%") and lines[2].startswith("100%")


def test_the_ablation_table_lists_every_variant(tmp_path, capsys):
    from model import ablation

    assert ablation.main(["--data", str(TINY), "--benchmark", str(tmp_path / "none.jsonl")]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ablation.VARIANTS)
