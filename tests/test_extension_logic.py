"""The extension's pure logic, run by node's own test runner (no npm packages)."""

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_extension_logic_passes_under_node_test():
    result = subprocess.run(["node", "--test", "tests/extension/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout


def test_the_manifest_names_only_files_that_exist():
    import json

    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text())
    files = [manifest["background"]["service_worker"], *manifest["background"]["scripts"],
             manifest["action"]["default_popup"], manifest["options_ui"]["page"], *manifest["icons"].values()]
    for script in manifest["content_scripts"]:
        files += script["js"] + script["css"]
    missing = [f for f in files if not (ROOT / "extension" / f).is_file()]
    assert missing == []
