"""Saving and loading a trained model with its provenance.

The model folder holds ``model.joblib`` (the pickled classifiers) and ``model.json``
(metadata written last, atomically: the artifact's sha256, the training data's hash,
library versions, metrics, threshold). Joblib files run code when loaded, so
:func:`load` reads only the folder it is given, and only after the sha256 and the
library versions match.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import joblib

ARTIFACT, METADATA = "model.joblib", "model.json"
LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "nltk")


class ArtifactError(RuntimeError):
    """The model folder has no usable model; the message says what to do."""


@dataclass(frozen=True)
class LoadedModel:
    detector: object       # Pipeline: Example → P(spoiler)
    kinds: object          # Pipeline: Example → kind
    metadata: dict

    @property
    def threshold(self):
        return self.metadata["threshold"]

    @property
    def version(self):
        return self.metadata["version"]


def library_versions():
    return {name: version(name) for name in LIBRARIES}


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(path, write):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(out_dir, detector, kinds, metadata):
    """Write the artifact, then its metadata; return the metadata as saved."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_dir / ARTIFACT, lambda h: joblib.dump({"detector": detector, "kinds": kinds}, h, compress=3))
    sha = sha256_file(out_dir / ARTIFACT)
    created = datetime.now(timezone.utc).replace(microsecond=0)
    full = {
        **metadata,
        "version": f"{created:%Y%m%d-%H%M%S}-{sha[:8]}",
        "created": created.isoformat(),
        "artifact_sha256": sha,
        "libraries": library_versions(),
    }
    _write_atomically(out_dir / METADATA, lambda h: h.write(json.dumps(full, indent=2, sort_keys=True).encode()))
    return full


def read_metadata(model_dir):
    path = Path(model_dir) / METADATA
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"no model in {model_dir}: {METADATA} is missing; train one with `python -m model.train`") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ArtifactError(f"{path} is not valid JSON ({exc}); retrain with `python -m model.train`") from None


def verify(model_dir):
    """Check the artifact against its metadata (sha256, library versions) without unpickling it."""
    metadata = read_metadata(model_dir)
    artifact = Path(model_dir) / ARTIFACT
    if not artifact.is_file():
        raise ArtifactError(f"no model in {model_dir}: {ARTIFACT} is missing; train one with `python -m model.train`")
    actual = sha256_file(artifact)
    if actual != metadata.get("artifact_sha256"):
        raise ArtifactError(
            f"{artifact} does not match its metadata (sha256 {actual[:12]}…, expected "
            f"{str(metadata.get('artifact_sha256'))[:12]}…); refusing to load it. Retrain with `python -m model.train`"
        )
    installed = library_versions()
    wanted = metadata.get("libraries", {})
    mismatched = [f"{n} {wanted.get(n)} (installed {installed[n]})" for n in LIBRARIES if wanted.get(n) != installed[n]]
    if mismatched:
        raise ArtifactError(
            f"the model in {model_dir} was trained with {', '.join(mismatched)}; retrain it with "
            "`python -m model.train` or install the versions it names"
        )
    return metadata


def load(model_dir):
    """Load the model in `model_dir` after :func:`verify` accepts it."""
    metadata = verify(model_dir)
    bundle = joblib.load(Path(model_dir) / ARTIFACT)
    return LoadedModel(bundle["detector"], bundle["kinds"], metadata)
