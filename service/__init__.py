"""Spoiler Shield's HTTP edge: ``create_app()`` is the WSGI application factory."""

from flask import Flask

from service import errors, resources
from service.settings import defaults, resolve_paths


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
    from service.api import bp

    app.register_blueprint(bp)
    return app
