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
keepalive = 5
max_requests = 20000
max_requests_jitter = 2000
limit_request_line = 8190
limit_request_fields = 100
preload_app = False  # each worker loads the model itself, so HUP reloads a new artifact
accesslog = "-"
# Structured access log: sizes, timings and status only. Page text travels in bodies, which are never logged.
access_log_format = '{"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes_in": "%({content-length}i)s", "bytes_out": %(B)s, "ms": %(M)s, "model": "%({x-model-version}o)s"}'
