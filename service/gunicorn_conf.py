"""gunicorn settings for `bin/serve`: several workers, each loading the model once, with timeouts.

Environment: SPOILER_BIND (default 127.0.0.1:8765), SPOILER_WORKERS (default 2, one per core here),
SPOILER_THREADS (default 4: a slow client holds one thread, not a whole worker).
"""

import os

bind = os.environ.get("SPOILER_BIND", "127.0.0.1:8765")
workers = int(os.environ.get("SPOILER_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("SPOILER_THREADS", "4"))
timeout = 30
graceful_timeout = 30
# Keep-alive off: a kept-alive connection stays with the worker that accepted it, and under load one worker
# ended up holding every client while the other idled (bench.load: 42 req/s instead of 125). Capping
# connections per worker instead starved new clients. A new loopback connection costs ~0.1 ms of a ~15 ms detect.
keepalive = 0
max_requests = 20000
max_requests_jitter = 2000
limit_request_line = 8190
limit_request_fields = 100
preload_app = False  # each worker loads the model itself, so HUP reloads a new artifact
control_socket_disable = True  # no shared socket in $HOME: several instances (and tests) run side by side
accesslog = None  # the app logs each request itself: see below
# Structured request lines (JSON: method, path, status, sizes, ms, model) from the app's own logger.
# Page text travels only in request bodies, which are never logged.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.access": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
        "spoiler_shield": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}


def on_starting(server):
    # Workers find the master through this, so POST /v1/admin/reload can reload all of them.
    os.environ["SPOILER_MASTER_PID"] = str(os.getpid())


def when_ready(server):
    """Make HUP check the new artifact first: a bad one is refused and the old workers keep serving."""
    from model import artifact
    from service.settings import ROOT

    reload_workers = server.handle_hup

    def handle_hup():
        model_dir = ROOT / os.environ.get("SPOILER_MODEL_DIR", "model/artifacts")
        try:
            metadata = artifact.verify(model_dir)
        except artifact.ArtifactError as exc:
            server.log.error("reload refused, the old model keeps serving: %s", exc)
            return
        server.log.info("reloading workers with model %s", metadata["version"])
        reload_workers()

    server.handle_hup = handle_hup

