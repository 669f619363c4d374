"""The HTTP API, version 1. Each view parses, calls one core function, serialises."""

import hmac
import json
import os
import sqlite3
from pathlib import Path

from flask import Blueprint, current_app, request

from model import artifact
from model.detector import TooManySentences
from service import resources
from service.errors import ApiError, ok_body
from model import feedback as feedback_store
from service.validate import detect_request, feedback_request, json_body, require_extension_origin

bp = Blueprint("api", __name__)
OPENAPI_PATH = Path(__file__).with_name("openapi.json")


def detector():
    loaded = resources.current()
    if loaded.detector is None:
        raise ApiError(503, f"no model is loaded: {loaded.error}")
    return loaded.detector


@bp.post("/v1/detect")
def detect():
    found = detector()
    req = detect_request(json_body(), current_app.config)
    try:
        result = found.detect(req.blocks, req.threshold, req.finished, req.page_title, req.offset_unit,
                              max_sentences=current_app.config["MAX_SENTENCES"])
    except TooManySentences as exc:
        raise ApiError(413, f"{exc}; split the page into several requests") from None
    return ok_body(model=model_summary(found), offset_unit=req.offset_unit, **result)


@bp.post("/v1/feedback")
def feedback():
    require_extension_origin()
    report = feedback_request(json_body())
    try:
        report_id, count = feedback_store.store(current_app.config["FEEDBACK_DB"], **report)
    except sqlite3.Error as exc:
        current_app.logger.error("feedback store failed: %s", exc.__class__.__name__)
        raise ApiError(503, "feedback could not be stored right now; try again later") from None
    response = ok_body(id=report_id, count=count)
    response.status_code = 201
    return response


@bp.get("/v1/works")
def works():
    query = request.args.get("q", "")
    if len(query) > 200:
        raise ApiError(400, "`q` must be at most 200 characters")
    limit = request.args.get("limit", "10")
    if not limit.isdigit() or not 1 <= int(limit) <= 50:
        raise ApiError(400, "`limit` must be a whole number from 1 to 50")
    found = detector().catalog.search(query, int(limit))
    return ok_body(works=[{k: w.as_json()[k] for k in ("title", "aliases", "medium", "seasons")} for w in found])


@bp.get("/v1/model")
def model_info():
    metadata = detector().model.metadata
    keys = ("version", "created", "threshold", "threshold_rule", "classifier", "data_sha256", "artifact_sha256",
            "libraries", "metrics", "paragraphs", "training_seconds")
    return ok_body(model={k: metadata.get(k) for k in keys})


@bp.get("/healthz")
def healthz():
    loaded = resources.current()
    if loaded.detector is None:
        raise ApiError(503, f"no model is loaded: {loaded.error}")
    return ok_body(model=model_summary(loaded.detector))


@bp.get("/v1/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI_PATH.read_text(encoding="utf-8"), mimetype="application/json")


@bp.post("/v1/admin/reload")
def admin_reload():
    token = current_app.config["ADMIN_TOKEN"]
    if not token:
        raise ApiError(401, "the admin endpoint is off; set SPOILER_ADMIN_TOKEN and send it as `Authorization: Bearer <token>`")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise ApiError(401, "send the admin token as `Authorization: Bearer <token>`")
    source, master = os.environ.get("SPOILER_MODEL_SOURCE"), resources.gunicorn_master()
    try:
        if source and master:
            # Under gunicorn: check the folder now, for a clear answer; the master then verifies it again,
            # snapshots it and renews every worker (HUP).
            metadata = artifact.verify(source)
            resources.signal_reload(master)
            response = ok_body(reloading=True, model={"version": metadata["version"], "threshold": metadata["threshold"]})
            response.status_code = 202
            return response
        found = resources.reload(current_app._get_current_object())
    except (artifact.ArtifactError, ValueError, OSError) as exc:
        raise ApiError(409, f"reload refused, the old model keeps serving: {exc}") from None
    return ok_body(model=model_summary(found))


def model_summary(found):
    return {"version": found.model.version, "threshold": found.model.threshold}


def openapi_document():
    return json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
