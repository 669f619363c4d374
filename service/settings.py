"""Every setting of the service, as data. Each is read from ``SPOILER_<NAME>`` in the environment.

The README's settings table is checked against this tuple by a test.
"""

from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Setting(NamedTuple):
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("MODEL_DIR", "model/artifacts", "Folder of the trained model (model.joblib + model.json)."),
    Setting("CATALOG", "training_data/works.jsonl", "Works catalog used for attribution and /v1/works."),
    Setting("REQUIRE_MODEL", True, "Refuse to start without a valid model (false: start and answer 503)."),
    Setting("MAX_BODY_BYTES", 2_000_000, "Largest request body accepted (413 above)."),
    Setting("MAX_BLOCKS", 1000, "Most blocks in one detect request."),
    Setting("MAX_BLOCK_CHARS", 100_000, "Most characters in one block (or in `text`)."),
    Setting("MAX_TOTAL_CHARS", 100_000, "Most characters in one detect request, all blocks together."),
    Setting("MAX_SENTENCES", 4000, "Most sentences in one detect request after segmentation (413 above: split the page)."),
    Setting("MAX_FINISHED", 500, "Most entries in the `finished` list."),
    Setting("RATE_LIMIT", "600 per minute", "Requests allowed per client address (flask-limiter syntax); empty turns it off."),
    Setting("ADMIN_TOKEN", "", "Bearer token for POST /v1/admin/reload; empty turns the endpoint off."),
    Setting("FEEDBACK_DB", "var/feedback.sqlite3", "SQLite file that stores readers' feedback reports."),
    Setting("FEEDBACK_RATE_LIMIT", "30 per minute", "Feedback reports allowed per client address."),
)


PATH_SETTINGS = ("MODEL_DIR", "CATALOG", "FEEDBACK_DB")


def defaults():
    return {setting.name: setting.default for setting in SETTINGS}


def resolve_paths(config):
    """Relative paths in settings are relative to the project folder, not to the working directory."""
    for name in PATH_SETTINGS:
        config[name] = str(ROOT / config[name])
