"""The training workflow end to end: train, gate, save, refuse tampered artifacts, serve."""

import json

import pytest

from model import artifact, train
from service import create_app
from tests.conftest import TINY, assert_error


def test_train_then_serve_end_to_end(tiny_model_dir):
    metadata = json.loads((tiny_model_dir / "model.json").read_text())
    assert metadata["artifact_sha256"] == artifact.sha256_file(tiny_model_dir / "model.joblib")
    for key in ("data_sha256", "libraries", "metrics", "threshold", "created", "version"):
        assert key in metadata
    client = create_app({"MODEL_DIR": str(tiny_model_dir), "CATALOG": str(TINY / "works.jsonl")}).test_client()
    text = "Ned Stark is beheaded in front of the crowd at the end of the first season."
    assert client.post("/v1/detect", json={"text": text, "threshold": 0}).get_json()["spoilers"]


def test_the_gate_refuses_a_worse_model_unless_forced(model_copy, capsys):
    from model.corpus import data_files, load_records

    records, _ = load_records(data_files(TINY))
    _, held_out = train.split_by_work(records, seed=0)
    assert train.gate(model_copy, held_out, new_f1=0.0, force=False) is False
    assert "refusing to replace a better model" in capsys.readouterr().out
    assert train.gate(model_copy, held_out, new_f1=0.0, force=True) is True
    assert train.gate(model_copy, held_out, new_f1=1.0, force=False) is True


def test_a_refused_model_leaves_the_current_one_in_place(model_copy, tmp_path, capsys):
    rows = [json.loads(line) for line in (TINY / "tiny.jsonl").read_text().splitlines()]
    poisoned = [{**row, "id": f"poison-{row['id']}", "spoilers": []} for row in rows if row["spoilers"]]
    extra = tmp_path / "poisoned.jsonl"
    extra.write_text("".join(json.dumps(r) + "\n" for r in poisoned))
    before = {name: (model_copy / name).read_bytes() for name in ("model.json", "model.joblib")}
    assert train.main(["--data", str(TINY), "--out", str(model_copy), "--extra", str(extra)]) == 2
    assert "refusing to replace a better model" in capsys.readouterr().out
    assert {name: (model_copy / name).read_bytes() for name in before} == before


def test_a_tampered_artifact_is_refused_with_a_clear_message(model_copy):
    with open(model_copy / "model.joblib", "ab") as handle:
        handle.write(b"junk")
    with pytest.raises(artifact.ArtifactError, match="does not match its metadata"):
        artifact.load(model_copy)


def test_a_library_version_mismatch_is_refused(model_copy):
    metadata = json.loads((model_copy / "model.json").read_text())
    metadata["libraries"]["scikit-learn"] = "0.1.0"
    (model_copy / "model.json").write_text(json.dumps(metadata))
    with pytest.raises(artifact.ArtifactError, match="scikit-learn 0.1.0"):
        artifact.load(model_copy)


def test_the_app_refuses_to_start_on_a_bad_model_and_says_why(model_copy):
    (model_copy / "model.joblib").write_bytes(b"not a model")
    with pytest.raises(artifact.ArtifactError):
        create_app({"MODEL_DIR": str(model_copy)})
    app = create_app({"MODEL_DIR": str(model_copy), "REQUIRE_MODEL": False})
    assert "does not match" in assert_error(app.test_client().get("/healthz"), 503)


def test_training_refuses_invalid_data_naming_the_line(tmp_path, capsys):
    (tmp_path / "bad.jsonl").write_text('{"id": "a"}\n')
    assert train.main(["--data", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "bad.jsonl:1: missing field(s)" in capsys.readouterr().err


def test_the_split_holds_out_whole_works():
    from model.corpus import data_files, load_records

    records, _ = load_records(data_files(TINY))
    train_part, test_part = train.split_by_work(records, seed=0)
    assert {r.work for r in train_part}.isdisjoint({r.work for r in test_part})
    assert train.split_by_work(records, seed=0) == (train_part, test_part)
