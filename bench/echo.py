"""The HTTP floor: a WSGI app that reads the body and answers a small JSON, served by the same gunicorn config."""

import json


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    payload = json.dumps({"ok": True, "bytes": len(body)}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
