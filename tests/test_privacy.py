"""Page text is the reader's: it never reaches the logs, only sizes, timings, status and model version."""

import json
import logging

from tests.live_server import live_server, request
from tests.conftest import TINY

SECRET = "Zanzibarquoll"  # a word no log line could contain by chance
PAGE = f"The finale is tonight. {SECRET} stays behind on the roof and lets the infected take him."


def test_request_logs_carry_sizes_and_timings_but_never_the_text(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/v1/detect", json={"text": PAGE})
    client.post("/v1/detect", json={"blocks": [{"id": "b", "text": PAGE}], "threshold": 7})
    client.post("/v1/detect", data=PAGE.encode(), content_type="application/json")
    client.get(f"/v1/works?q={SECRET}")
    assert SECRET not in caplog.text
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "spoiler_shield.requests"]
    assert [line["status"] for line in lines] == [200, 400, 400, 200]
    assert {"method", "path", "status", "bytes_in", "bytes_out", "ms", "model"} <= set(lines[0])


def test_the_production_server_logs_no_page_text(tiny_model_dir, tmp_path):
    env = {"SPOILER_MODEL_DIR": tiny_model_dir, "SPOILER_CATALOG": TINY / "works.jsonl", "SPOILER_RATE_LIMIT": ""}
    with live_server(env) as server:
        assert request(server.base, "/v1/detect", {"text": PAGE})[0] == 200
        assert request(server.base, "/v1/detect", {"text": PAGE, "offset_unit": "bytes"})[0] == 400
        log = server.log()
    assert '"path": "/v1/detect", "status": 200' in log and '"status": 400' in log
    assert SECRET not in log
