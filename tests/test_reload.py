"""Reloading the model: over HTTP with the admin token, and by HUP to the gunicorn master."""

import os
import shutil
import signal
import subprocess
import time

import pytest

from model import train
from service import create_app
from tests.conftest import TINY, assert_error
from tests.live_server import live_server, request


@pytest.fixture()
def admin_app(model_copy):
    return create_app({"MODEL_DIR": str(model_copy), "CATALOG": str(TINY / "works.jsonl"), "ADMIN_TOKEN": "s3cret",
                       "RATE_LIMIT": ""})


def test_the_admin_endpoint_is_off_without_a_token(client):
    assert "SPOILER_ADMIN_TOKEN" in assert_error(client.post("/v1/admin/reload"), 401)


@pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret"])
def test_the_admin_endpoint_needs_the_exact_bearer_token(admin_app, header):
    headers = {"Authorization": header} if header else {}
    assert_error(admin_app.test_client().post("/v1/admin/reload", headers=headers), 401)


def test_a_reload_swaps_in_the_new_model_and_a_corrupt_one_is_refused(admin_app, model_copy):
    client = admin_app.test_client()
    auth = {"Authorization": "Bearer s3cret"}
    before = client.get("/healthz").get_json()["model"]["version"]
    time.sleep(1.1)  # versions carry the second they were made
    assert train.main(["--data", str(TINY), "--out", str(model_copy), "--force"]) == 0
    answer = client.post("/v1/admin/reload", headers=auth)
    assert answer.status_code == 200 and answer.get_json()["model"]["version"] != before
    after = answer.get_json()["model"]["version"]
    with open(model_copy / "model.joblib", "ab") as handle:
        handle.write(b"corruption")
    assert "old model keeps serving" in assert_error(client.post("/v1/admin/reload", headers=auth), 409)
    assert client.get("/healthz").get_json()["model"]["version"] == after
    assert client.post("/v1/detect", json={"text": "Walt dies."}).status_code == 200


def test_hup_reloads_every_worker_and_refuses_a_corrupt_artifact(model_copy, tmp_path):
    env = {"SPOILER_MODEL_DIR": model_copy, "SPOILER_CATALOG": TINY / "works.jsonl", "SPOILER_RATE_LIMIT": ""}
    with live_server(env, workers=2) as server:
        first = request(server.base, "/healthz")[1]["model"]["version"]
        good = tmp_path / "good"
        shutil.copytree(model_copy, good)
        with open(model_copy / "model.joblib", "ab") as handle:
            handle.write(b"corruption")
        os.kill(server.process.pid, signal.SIGHUP)
        time.sleep(2)
        assert {request(server.base, "/healthz")[1]["model"]["version"] for _ in range(6)} == {first}
        assert "reload refused, the old model keeps serving" in server.log()
        time.sleep(1.1)
        assert train.main(["--data", str(TINY), "--out", str(good), "--force"]) == 0
        for name in ("model.joblib", "model.json"):
            shutil.copy(good / name, model_copy / name)
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            versions = {request(server.base, "/healthz")[1]["model"]["version"] for _ in range(6)}
            if first not in versions:
                break
            time.sleep(0.3)
        assert first not in versions and len(versions) == 1


def test_a_worker_restarting_while_the_model_folder_is_corrupt_still_serves(model_copy):
    # Used to stop gunicorn: a worker that booted while the artifact on disk was broken failed, and took
    # the master down with it. Workers now load the master's verified snapshot.
    env = {"SPOILER_MODEL_DIR": model_copy, "SPOILER_CATALOG": TINY / "works.jsonl", "SPOILER_RATE_LIMIT": ""}
    with live_server(env, workers=2) as server:
        with open(model_copy / "model.joblib", "ab") as handle:
            handle.write(b"corruption")
        pgrep = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True, check=True)
        workers = [int(p) for p in pgrep.stdout.split()]
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(3)
        assert server.process.poll() is None
        assert all(request(server.base, "/healthz")[0] == 200 for _ in range(6))


def test_the_admin_endpoint_under_gunicorn_renews_every_worker(model_copy, tmp_path):
    env = {"SPOILER_MODEL_DIR": model_copy, "SPOILER_CATALOG": TINY / "works.jsonl", "SPOILER_RATE_LIMIT": "",
           "SPOILER_ADMIN_TOKEN": "s3cret"}
    with live_server(env, workers=2) as server:
        first = request(server.base, "/healthz")[1]["model"]["version"]
        time.sleep(1.1)
        assert train.main(["--data", str(TINY), "--out", str(model_copy), "--force"]) == 0
        status, body = request(server.base, "/v1/admin/reload", {}, {"Authorization": "Bearer s3cret"})
        assert status == 202 and body["reloading"] is True and body["model"]["version"] != first
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            versions = {request(server.base, "/healthz")[1]["model"]["version"] for _ in range(6)}
            if versions == {body["model"]["version"]}:
                break
            time.sleep(0.3)
        assert versions == {body["model"]["version"]}
