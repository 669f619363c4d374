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
    """Workers load a verified snapshot of the model folder, never the folder itself.

    A worker can (re)start at any time (a crash, max_requests). Reading the model folder then would meet
    whatever is on disk, even a half-written or corrupted artifact, and a worker that fails to boot stops
    gunicorn. So the master verifies the folder, copies it, verifies the copy and points workers at it; HUP
    repeats that with the folder's new content, and a bad artifact is refused while the old workers serve.
    """
    from service.snapshot import ModelSnapshots
    from service.settings import ROOT

    source = ROOT / os.environ.get("SPOILER_MODEL_SOURCE", os.environ.get("SPOILER_MODEL_DIR", "model/artifacts"))
    snapshots = ModelSnapshots(source)
    os.environ["SPOILER_MODEL_SOURCE"] = str(source)
    os.environ["SPOILER_MODEL_DIR"] = str(snapshots.take())
    reload_workers = server.handle_hup

    def handle_hup():
        try:
            os.environ["SPOILER_MODEL_DIR"] = str(snapshots.take())
        except Exception as exc:  # noqa: BLE001 - any failure keeps the old workers
            server.log.error("reload refused, the old model keeps serving: %s", exc)
            return
        server.log.info("reloading workers with the model now in %s", source)
        reload_workers()

    server.handle_hup = handle_hup


def on_exit(server):
    from service.snapshot import remove_snapshots

    remove_snapshots()
