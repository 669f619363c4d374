"""Feedback from readers: validated, stored durably in SQLite, merged, exported and learned from."""

import json
import os
from collections import Counter
import signal
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from model import feedback, train
from model.features import paragraph_examples
from service import create_app
from tests.conftest import TINY, assert_error
from tests.live_server import live_server, request

PARAGRAPH = ("The awards show ran long on Sunday. The cast killed it at the ceremony and took home three trophies. "
             "Tickets for next year's show go on sale in March.")
REPORT = {"label": "not_spoiler", "sentences": ["The cast killed it at the ceremony and took home three trophies."],
          "paragraph": PARAGRAPH, "work": "Friends", "kind": None, "origin": "https://news.example"}


@pytest.fixture()
def feedback_app(tiny_model_dir, tmp_path):
    return create_app({"MODEL_DIR": str(tiny_model_dir), "CATALOG": str(TINY / "works.jsonl"),
                       "FEEDBACK_DB": str(tmp_path / "fb.sqlite3"), "FEEDBACK_RATE_LIMIT": "", "RATE_LIMIT": ""})


def test_a_report_is_stored_and_a_repeat_is_counted(feedback_app, tmp_path):
    client = feedback_app.test_client()
    first = client.post("/v1/feedback", json=REPORT)
    again = client.post("/v1/feedback", json=REPORT, headers={"Origin": "chrome-extension://abcdef"})
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"] and again.get_json()["count"] == 2
    [row] = feedback.rows(tmp_path / "fb.sqlite3")
    assert row["paragraph"] == PARAGRAPH and row["origin"] == "https://news.example" and row["count"] == 2


@pytest.mark.parametrize(
    "change, status, fragment",
    [
        ({"label": "maybe"}, 400, "`label`"),
        ({"sentences": []}, 400, "`sentences`"),
        ({"sentences": ["Not in the paragraph at all."]}, 400, "does not occur in `paragraph`"),
        ({"kind": "plot"}, 400, "`kind`"),
        ({"origin": "https://news.example/article?id=3"}, 400, "`origin`"),
        ({"cookies": "x"}, 400, "unknown field"),
        ({"paragraph": "x" * 10_001}, 400, "10000"),
    ],
)
def test_bad_reports_are_refused_with_the_field_named(feedback_app, change, status, fragment):
    response = feedback_app.test_client().post("/v1/feedback", json={**REPORT, **change})
    assert fragment in assert_error(response, status)


def test_web_pages_cannot_post_feedback(feedback_app):
    response = feedback_app.test_client().post("/v1/feedback", json=REPORT, headers={"Origin": "https://evil.example"})
    assert_error(response, 403)


def test_feedback_is_rate_limited_with_the_error_envelope(tiny_model_dir, tmp_path):
    app = create_app({"MODEL_DIR": str(tiny_model_dir), "CATALOG": str(TINY / "works.jsonl"),
                      "FEEDBACK_DB": str(tmp_path / "fb.sqlite3"), "FEEDBACK_RATE_LIMIT": "2 per minute"})
    client = app.test_client()
    statuses = [client.post("/v1/feedback", json=REPORT).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert_error(client.post("/v1/feedback", json=REPORT), 429)


def live_env(tiny_model_dir, db):
    return {"SPOILER_MODEL_DIR": tiny_model_dir, "SPOILER_CATALOG": TINY / "works.jsonl", "SPOILER_FEEDBACK_DB": db,
            "SPOILER_RATE_LIMIT": "", "SPOILER_FEEDBACK_RATE_LIMIT": ""}


def test_a_report_answered_2xx_survives_a_crash_right_after(tiny_model_dir, tmp_path):
    db = tmp_path / "fb.sqlite3"
    with live_server(live_env(tiny_model_dir, db)) as server:
        status, body = request(server.base, "/v1/feedback", REPORT)
        assert status == 201
        os.killpg(server.process.pid, signal.SIGKILL)  # no shutdown, no flush: the write must already be on disk
        server.process.wait(timeout=10)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count, sentences FROM reports WHERE id = ?", (body["id"],)).fetchone() == (
            1, json.dumps(REPORT["sentences"]))


def test_concurrent_writers_in_several_workers_lose_and_duplicate_nothing(tiny_model_dir, tmp_path):
    db = tmp_path / "fb.sqlite3"
    distinct = [{**REPORT, "work": f"Show {i}"} for i in range(20)]
    posts = distinct * 4  # every report four times, from many threads, into two worker processes
    with live_server(live_env(tiny_model_dir, db), workers=2, threads=4) as server:
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda body: request(server.base, "/v1/feedback", body)[0], posts))
    assert statuses == [201] * len(posts), Counter(statuses)
    stored = feedback.rows(db)
    assert len(stored) == 20 and sorted(r["count"] for r in stored) == [4] * 20


def test_export_then_retrain_learns_what_readers_reported(tiny_model_dir, tmp_path):
    """A realistic sentence the model gets one way, reported the other way, is classified as reported after retraining."""
    from model import artifact

    model = artifact.load(tiny_model_dir)
    paragraph = ("The second season premiere pulled in big numbers. "
                 "By the end of the hour the captain had quietly handed the ship to her rival and walked away from the crew for good.")
    spans, examples = paragraph_examples(paragraph)
    target = paragraph[spans[1][0]:spans[1][1]]
    was_spoiler = model.detector.predict_proba(examples)[1, 1] >= model.threshold
    label = "not_spoiler" if was_spoiler else "spoiler"
    db = tmp_path / "fb.sqlite3"
    for _ in range(2):
        feedback.store(db, label, [target], paragraph, work=None, kind="ending")
    out = tmp_path / "feedback.jsonl"
    assert feedback.main(["--db", str(db), "export", "--min-count", "2", "--out", str(out)]) == 0
    retrained = tmp_path / "retrained"
    assert train.main(["--data", str(TINY), "--out", str(retrained), "--extra", str(out)]) == 0
    new = artifact.load(retrained)
    assert (new.detector.predict_proba(examples)[1, 1] >= new.threshold) == (label == "spoiler")


def test_stats_rank_the_most_reported_false_alarms_and_misses(tmp_path):
    db = tmp_path / "fb.sqlite3"
    for _ in range(3):
        feedback.store(db, "not_spoiler", ["The cast killed it."], "The cast killed it.", work="Friends")
    feedback.store(db, "spoiler", ["Ross and Rachel marry."], "Ross and Rachel marry.", work="Friends", kind="relationship")
    summary = feedback.stats(db)
    assert summary["false_alarms"][0]["count"] == 3
    assert summary["by_work"]["Friends"] == {"false_alarms": 3, "misses": 1}
    assert summary["by_kind"] == {"relationship": 1}


def test_export_leaves_out_reports_readers_disagree_on(tmp_path):
    db = tmp_path / "fb.sqlite3"
    feedback.store(db, "spoiler", ["He leaves."], "He leaves.", kind="twist")
    feedback.store(db, "not_spoiler", ["He leaves."], "He leaves.")
    written, ties = feedback.export(db, tmp_path / "out.jsonl", 1, feedback.Catalog(()))
    assert (written, ties) == (0, 1)
