"""Spoiler Shield's HTTP edge: ``create_app()`` is the WSGI application factory."""

import json
import logging
import time

from flask import Flask, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from service import errors, resources
from service.settings import defaults, resolve_paths

log = logging.getLogger("spoiler_shield.requests")


def create_app(test_config=None):
    """Defaults, then SPOILER_* environment variables, then `test_config`; then load the model."""
    app = Flask(__name__)
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env("SPOILER")
    if test_config:
        app.config.update(test_config)
    resolve_paths(app.config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.json.sort_keys = False
    errors.register(app)
    resources.init_app(app)
    limiter = Limiter(
        get_remote_address, app=app, storage_uri="memory://", headers_enabled=True,
        default_limits=[app.config["RATE_LIMIT"]] if app.config["RATE_LIMIT"] else [],
        default_limits_exempt_when=lambda: request.path == "/healthz",
    )
    from service.api import bp

    app.register_blueprint(bp)
    if app.config["FEEDBACK_RATE_LIMIT"] and "api.feedback" in app.view_functions:
        app.view_functions["api.feedback"] = limiter.limit(app.config["FEEDBACK_RATE_LIMIT"])(app.view_functions["api.feedback"])
    _log_requests(app)
    return app


def _log_requests(app):
    """One structured line per request: sizes, timing, status and model; never the text."""

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def log_request(response):
        loaded = resources.current()
        version = loaded.detector.model.version if loaded.detector else None
        if version:
            response.headers["X-Model-Version"] = version
        log.info(json.dumps({
            "event": "request", "method": request.method, "path": request.path, "status": response.status_code,
            "bytes_in": request.content_length or 0, "bytes_out": response.calculate_content_length(),
            "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2), "model": version,
        }))
        return response
