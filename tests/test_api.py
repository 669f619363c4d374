"""The HTTP contract, through Flask's real test client and a model trained by the real script."""

import pytest

from service import create_app
from tests.conftest import TINY, assert_error

DEATH = ("The students barricade the music room door with desks. "
         "Cheong-san stays behind on the roof and lets the infected take him so the others can escape. "
         "Filming of the second season starts next spring.")


def detect(client, **body):
    response = client.post("/v1/detect", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    payload = response.get_json()
    assert payload["ok"] is True
    return payload


def test_detect_returns_whole_sentence_spans_with_score_kind_and_work(client):
    payload = detect(client, text=DEATH)
    assert payload["offset_unit"] == "codepoint"
    assert set(payload["model"]) == {"version", "threshold"}
    flagged = [DEATH[s["start"]:s["end"]] for s in payload["spoilers"]]
    assert "Cheong-san stays behind on the roof and lets the infected take him so the others can escape." in flagged
    spoiler = payload["spoilers"][0]
    assert set(spoiler) == {"block", "start", "end", "score", "kind", "work", "season"}
    assert spoiler["block"] is None and 0 <= spoiler["score"] <= 1


def test_blocks_answer_per_block_in_block_order(client):
    blocks = [{"id": "p2", "text": "Nothing happens here at all."}, {"id": "p1", "text": DEATH}]
    payload = detect(client, blocks=blocks, threshold=0)
    assert [s["block"] for s in payload["spoilers"]] == ["p2"] + ["p1"] * 3
    starts = [s["start"] for s in payload["spoilers"] if s["block"] == "p1"]
    assert starts == sorted(starts)


def test_threshold_zero_returns_every_sentence_with_its_score(client):
    payload = detect(client, text=DEATH, threshold=0)
    assert len(payload["spoilers"]) == 3


def test_utf16_offsets_index_javascript_strings(client):
    text = "🧟🧟 " + DEATH
    payload = detect(client, text=text, threshold=0, offset_unit="utf16")
    units = text.encode("utf-16-le")
    for spoiler in payload["spoilers"]:
        piece = units[spoiler["start"] * 2:spoiler["end"] * 2].decode("utf-16-le")
        assert piece == piece.strip() and piece in text


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   \n "}, {"blocks": []}, {"blocks": [{"id": "a", "text": ""}]}])
def test_empty_text_gets_an_empty_answer(client, body):
    assert detect(client, **body)["spoilers"] == []


def test_a_lone_surrogate_keeps_offsets_in_place(client):
    text = "\ud800 " + DEATH
    payload = detect(client, text=text, threshold=0)
    second = payload["spoilers"][1]
    assert text[second["start"]:second["end"]].startswith("Cheong-san stays behind")


@pytest.mark.parametrize(
    "body, status, fragment",
    [
        ({}, 400, "exactly one of"),
        ({"text": "a", "blocks": []}, 400, "exactly one of"),
        ({"text": 5}, 400, "`text` must be a string"),
        ({"blocks": "a"}, 400, "`blocks` must be a list"),
        ({"blocks": [{"id": "a"}]}, 400, "`blocks[0]`"),
        ({"blocks": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}, 400, "used twice"),
        ({"text": "a", "threshold": 2}, 400, "`threshold`"),
        ({"text": "a", "threshold": True}, 400, "`threshold`"),
        ({"text": "a", "offset_unit": "bytes"}, 400, "`offset_unit`"),
        ({"text": "a", "context": "page"}, 400, "`context`"),
        ({"text": "a", "context": ""}, 400, "`context`"),  # used to pass as "no context": it is falsy
        ({"text": "a", "finished": "Dark"}, 400, "`finished`"),
        ({"text": "a", "finished": [{"work": "Dark", "through_season": 0}]}, 400, "through_season"),
        ({"text": "a", "colour": 1}, 400, "unknown field"),
        ({"blocks": [{"id": str(i), "text": "x"} for i in range(1001)]}, 413, "limit is 1000"),
        ({"text": "x" * 100_001}, 413, "limit is 100000"),
        ({"blocks": [{"id": str(i), "text": "Walt dies! Yes " * 5} for i in range(900)]}, 413, "sentences; the limit is 4000"),
        ({"text": "a. " * 8001}, 413, "sentence-ending marks; the limit is 8000"),
    ],
)
def test_bad_fields_are_named_in_the_error(client, body, status, fragment):
    assert fragment in assert_error(client.post("/v1/detect", json=body), status)


@pytest.mark.parametrize(
    "data, content_type, status, fragment",
    [
        (b"not json", "application/json", 400, "not valid JSON"),
        (b"\xff\xfe\x00", "application/json", 400, "not valid UTF-8"),
        (b"[1, 2]", "application/json", 400, "JSON object"),
        (b"[" * 50_000 + b"]" * 50_000, "application/json", 400, "nested too deeply"),
        (b'{"text": "a"}', "text/plain", 415, "Content-Type: application/json"),
    ],
)
def test_bad_bodies_get_a_precise_error(client, data, content_type, status, fragment):
    assert fragment in assert_error(client.post("/v1/detect", data=data, content_type=content_type), status)


def test_a_body_over_the_limit_is_413_and_names_the_limit(tiny_model_dir):
    app = create_app({"MODEL_DIR": str(tiny_model_dir), "CATALOG": str(TINY / "works.jsonl"), "MAX_BODY_BYTES": 1000})
    response = app.test_client().post("/v1/detect", json={"text": "x" * 5000})
    assert "1000 bytes" in assert_error(response, 413)


@pytest.mark.parametrize("method, path, status", [("get", "/nope", 404), ("get", "/v1/detect", 405), ("delete", "/healthz", 405)])
def test_unknown_routes_and_methods_use_the_envelope(client, method, path, status):
    assert_error(getattr(client, method)(path), status)


def test_without_a_model_the_service_answers_503(tmp_path):
    app = create_app({"MODEL_DIR": str(tmp_path), "REQUIRE_MODEL": False})
    client = app.test_client()
    assert "train one" in assert_error(client.post("/v1/detect", json={"text": "x"}), 503)
    assert_error(client.get("/healthz"), 503)


def test_model_info_describes_provenance(client):
    model = client.get("/v1/model").get_json()["model"]
    assert len(model["artifact_sha256"]) == 64 and len(model["data_sha256"]) == 64
    assert {"scikit-learn", "numpy", "joblib", "nltk"} <= set(model["libraries"])
    assert 0 < model["threshold"] < 1 and "f1" in model["metrics"]["overall"]


def test_openapi_document_lists_every_route(client, tiny_app):
    spec = client.get("/v1/openapi.json").get_json()
    documented = {path for path in spec["paths"]}
    served = {rule.rule for rule in tiny_app.url_map.iter_rules() if rule.endpoint != "static"}
    assert served <= documented


def test_healthz_names_the_model(client):
    assert client.get("/healthz").get_json()["model"]["version"]
