"""The Persian translations are complete: every string the UI marks with tr() is translated,
and so is every entry of our catalogue for Qt's own strings (qt_extra_fa.ts)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "dadras_fa.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
# Qt's own strings that Qt's Persian catalogue lacks (the file dialog's "Look in:", …),
# written by hand in Qt's contexts; ui.application installs it after Qt's.
QT_EXTRA_TS_FILE = TS_FILE.with_name("qt_extra_fa.ts")
CATALOGUES = [TS_FILE, QT_EXTRA_TS_FILE]


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def qt_tool(*names: str) -> str | None:
    """A Qt tool from the running interpreter's environment, or from PATH."""
    folder = str(Path(sys.executable).parent)
    for name in names:
        found = shutil.which(name, path=folder) or shutil.which(name)
        if found:
            return found
    return None


def lupdate() -> str | None:
    return qt_tool("pyside6-lupdate", "lupdate")


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda path: path.name)
def test_every_committed_message_is_translated(ts: Path) -> None:
    untranslated = []
    for (context, source), message in messages(ts).items():
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "missing"
        if kind == "vanished" or kind == "obsolete":
            continue
        text = (translation.text or "") if translation is not None else ""
        if kind == "unfinished" or not text.strip():
            untranslated.append(f"{context}: {source}")
    assert untranslated == []


@pytest.mark.skipif(lupdate() is None, reason="pyside6-lupdate is not installed")
def test_no_ui_string_is_missing_from_the_translation(tmp_path: Path) -> None:
    """Extract the strings from ui/ afresh: each must be in the committed, translated file."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([lupdate(), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    committed = messages(TS_FILE)
    missing = sorted(f"{c}: {s}" for (c, s) in messages(fresh) if (c, s) not in committed)
    assert missing == []


def lrelease() -> str | None:
    return qt_tool("pyside6-lrelease", "lrelease")


@pytest.mark.skipif(lrelease() is None, reason="pyside6-lrelease is not installed")
@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda path: path.name)
def test_compiled_translation_matches_its_source(ts: Path, tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.qm"
    subprocess.run([lrelease(), str(ts), "-qm", str(compiled)], check=True, capture_output=True)
    assert ts.with_suffix(".qm").read_bytes() == compiled.read_bytes()


def test_the_qt_catalogue_holds_only_qt_s_strings() -> None:
    """qt_extra_fa.ts is for Qt's contexts (QFileDialog, QPlatformTheme, …); Dadras's own
    strings belong in dadras_fa.ts, where lupdate keeps them."""
    contexts = {context for context, _source in messages(QT_EXTRA_TS_FILE)}
    assert contexts and all(context.startswith("Q") for context in contexts)
    assert not contexts & {context for context, _source in messages(TS_FILE)}


def test_one_spelling_for_ghayr_qabel() -> None:
    """«غیرقابل» is written one way wherever office staff read it (screens, letters, guide)."""
    places = [*(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), TS_FILE]
    places += [*(ROOT / "resources").rglob("*.md"), *(ROOT / "resources" / "templates").glob("*")]
    spaced = [str(p.relative_to(ROOT)) for p in places if "غیر قابل" in p.read_text("utf-8")]
    assert spaced == []
