"""Verified copies of the model folder for gunicorn's workers (see when_ready in gunicorn_conf.py)."""

import os
import shutil
import tempfile
from pathlib import Path

from model import artifact

PREFIX = f"spoiler-model-{os.getpid()}-"
KEEP = 2  # the snapshot workers use now and the one before it, for workers still finishing requests


class ModelSnapshots:
    def __init__(self, source):
        self.source = Path(source)
        self.taken = []

    def take(self):
        """Verify the model folder, copy it, verify the copy; return the copy's path (raises ArtifactError)."""
        artifact.verify(self.source)
        target = Path(tempfile.mkdtemp(prefix=PREFIX))
        for name in (artifact.ARTIFACT, artifact.METADATA):
            shutil.copy2(self.source / name, target / name)
        try:
            artifact.verify(target)  # the folder may have changed while it was copied
        except artifact.ArtifactError:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self.taken.append(target)
        for old in self.taken[:-KEEP]:
            shutil.rmtree(old, ignore_errors=True)
        self.taken = self.taken[-KEEP:]
        return target


def remove_snapshots():
    for path in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        shutil.rmtree(path, ignore_errors=True)
