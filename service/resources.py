"""The loaded detector as an app resource, replaced whole on reload.

``app.extensions["spoiler_shield"]`` holds one :class:`Loaded`. A reload builds a
complete new one first and swaps the reference only when it succeeded, so a
corrupted or mismatched artifact never replaces a working model.
"""

import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from model import artifact
from model.catalog import Catalog, load_catalog
from model.detector import Detector

KEY = "spoiler_shield"


@dataclass(frozen=True)
class Loaded:
    detector: Detector | None
    error: str | None = None


class ModelSlot:
    def __init__(self, loaded):
        self.loaded = loaded
        self.lock = threading.Lock()


def build(config):
    """Load the model and the catalog named by `config`; raises ArtifactError/ValueError/OSError."""
    model = artifact.load(Path(config["MODEL_DIR"]))
    catalog_path = Path(config["CATALOG"])
    catalog = Catalog(load_catalog(catalog_path)) if catalog_path.is_file() else Catalog(())
    return Detector(model, catalog)


def init_app(app):
    try:
        loaded = Loaded(build(app.config))
    except (artifact.ArtifactError, ValueError, OSError) as exc:
        if app.config["REQUIRE_MODEL"]:
            raise
        app.logger.error("starting without a model: %s", exc)
        loaded = Loaded(None, str(exc))
    app.extensions[KEY] = ModelSlot(loaded)


def reload(app):
    """Swap in the model now in MODEL_DIR; on failure keep the old one and raise."""
    slot = app.extensions[KEY]
    with slot.lock:
        detector = build(app.config)
        slot.loaded = Loaded(detector)
    return detector


def current():
    """The loaded state of the app handling this request."""
    return current_app.extensions[KEY].loaded


def gunicorn_master():
    """The pid of the gunicorn master this worker runs under (service/gunicorn_conf.py), else None."""
    pid = os.environ.get("SPOILER_MASTER_PID", "")
    return int(pid) if pid.isdigit() and int(pid) == os.getppid() else None


def signal_reload(master):
    """Ask the gunicorn master to verify the model folder again and renew every worker."""
    os.kill(master, signal.SIGHUP)
