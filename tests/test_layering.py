"""The architecture's rules (pyproject.toml, ``[tool.importlinter]``): the layers are
ui → app → db; no Qt below ui; ui reaches the database through app (but for opening it at
start-up); ui never shapes Persian text itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True))"],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(cwd)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_the_architecture_contracts_hold() -> None:
    done = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


def test_a_broken_contract_is_caught(tmp_path: Path) -> None:
    """The same contracts over a tree where app imports Qt and ui imports db directly."""
    for package, body in {
        "db": "",
        "app": "from PySide6.QtCore import Qt\nimport db\n",
        "ui": "import app\nimport db\n",
    }.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(body, encoding="utf-8")
    (tmp_path / "db" / "connection.py").write_text("", encoding="utf-8")
    (tmp_path / "ui" / "application.py").write_text("import db.connection\n", encoding="utf-8")
    config = tmp_path / "contracts.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.importlinter]")
    end = text.index("\n[tool.ruff]", start)
    config.write_text(textwrap.dedent(text[start:end]), encoding="utf-8")
    done = lint_imports(tmp_path, config)
    assert done.returncode == 1
    assert "No Qt below ui BROKEN" in done.stdout
    assert "ui reaches the database through app" in done.stdout
