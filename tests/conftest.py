"""Shared fixtures: real models trained by the real training script, the real app factory."""

import json
import shutil
from pathlib import Path

import pytest

from model import artifact, train
from service import create_app

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "data" / "tiny"


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A model trained by `python -m model.train` on the tiny labelled file."""
    out = tmp_path_factory.mktemp("tiny-model")
    assert train.main(["--data", str(TINY), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def real_model_dir(tmp_path_factory):
    """The model trained on training_data/: the served one if it is valid, else trained now."""
    served = train.default_model_dir()
    try:
        artifact.load(served)
        return served
    except artifact.ArtifactError:
        out = tmp_path_factory.mktemp("real-model")
        assert train.main(["--out", str(out)]) == 0
        return out


@pytest.fixture()
def tiny_app(tiny_model_dir):
    return create_app({"MODEL_DIR": str(tiny_model_dir), "CATALOG": str(TINY / "works.jsonl"), "RATE_LIMIT": ""})


@pytest.fixture()
def client(tiny_app):
    return tiny_app.test_client()


@pytest.fixture(scope="session")
def real_app(real_model_dir):
    return create_app({"MODEL_DIR": str(real_model_dir), "RATE_LIMIT": ""})


@pytest.fixture()
def real_client(real_app):
    return real_app.test_client()


@pytest.fixture()
def model_copy(tiny_model_dir, tmp_path):
    """A private copy of the tiny model folder, for tests that damage it."""
    target = tmp_path / "model"
    shutil.copytree(tiny_model_dir, target)
    return target


def assert_error(response, status):
    """Every error has the same envelope: ok false, a message that says what to do, the status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and len(body["error"]) > 10
    return body["error"]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path
