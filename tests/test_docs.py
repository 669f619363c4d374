"""The README documents what the code does."""

import re

from service.settings import SETTINGS
from tests.conftest import ROOT


def settings_table():
    from service.settings import SETTINGS as rows

    lines = ["| setting | default | meaning |", "|---|---|---|"]
    lines += [f"| `SPOILER_{s.name}` | `{s.default}` | {s.help} |" for s in rows]
    return "\n".join(lines)


def test_the_readme_settings_table_matches_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- settings:begin -->\n(.*?)\n<!-- settings:end -->", readme, re.S).group(1)
    assert block == settings_table(), "regenerate it with: .venv/bin/python -m tests.test_docs"


def test_every_setting_has_help_text():
    assert all(len(s.help) > 15 for s in SETTINGS)


def test_the_readme_names_both_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```sh\nbin/serve\n```" in readme and "```sh\nbin/test\n```" in readme
    assert "exec bin/test" in (ROOT / ".ci" / "run").read_text()


if __name__ == "__main__":
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(<!-- settings:begin -->\n).*?(\n<!-- settings:end -->)",
                  lambda m: m.group(1) + settings_table() + m.group(2), text, flags=re.S)
    path.write_text(text, encoding="utf-8")


def test_the_model_package_never_imports_flask():
    offenders = [p.name for p in (ROOT / "model").glob("*.py")
                 if re.search(r"^\s*(from|import)\s+(flask|werkzeug|service)\b", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []
