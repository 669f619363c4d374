"""Start the real production server (gunicorn with service/gunicorn_conf.py) on a free loopback port.

Used by the benchmarks and by the tests that need a real server."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(base, path, body=None, headers=None, timeout=10):
    """(status, decoded JSON) of one request; errors are answers too."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log_path: Path

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def live_server(env, workers=1, threads=4, app="service:create_app()"):
    """Yield a Server; it is stopped (its process group killed) afterwards. Its stderr goes to a file."""
    port = free_port()
    log_path = Path(tempfile.mkdtemp(prefix="spoiler-server-")) / "server.log"
    log_file = open(log_path, "wb")
    full_env = {**os.environ, "SPOILER_BIND": f"127.0.0.1:{port}", "SPOILER_WORKERS": str(workers),
                "SPOILER_THREADS": str(threads), **{k: str(v) for k, v in env.items()}}
    process = subprocess.Popen(
        [str(GUNICORN), "--config", "service/gunicorn_conf.py", app],
        cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
            try:
                if request(base, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 30 s")
            time.sleep(0.1)
        yield Server(base, process, log_path)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log_file.close()
