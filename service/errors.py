"""The one success envelope and the one error envelope of the API."""

from flask import jsonify
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """An error the client can fix; `message` says how."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def ok_body(**fields):
    return jsonify({"ok": True, **fields})


def error_body(status, message):
    response = jsonify({"ok": False, "error": message, "status": status})
    response.status_code = status
    return response


_MESSAGES = {
    404: "no such endpoint; see GET /v1/openapi.json for the API",
    405: "method not allowed on this endpoint; see GET /v1/openapi.json",
    429: "too many requests from this client; slow down and retry after the Retry-After seconds",
}


def register(app):
    @app.errorhandler(ApiError)
    def api_error(error):
        return error_body(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code == 413:
            message = f"request body too large: the limit is {app.config['MAX_BODY_BYTES']} bytes; split the page into several requests"
        else:
            message = _MESSAGES.get(error.code, error.description or error.name)
        response = error_body(error.code, message)
        for header in ("Allow", "Retry-After"):
            if header in error.get_response().headers:
                response.headers[header] = error.get_response().headers[header]
        return response

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("unexpected error")
        return error_body(500, "internal error; it has been logged without your text")
