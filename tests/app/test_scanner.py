"""Scanning through SANE's scanimage, with a stand-in program that writes the pages."""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from app import scanner
from app.scanner import ScannerError

FAKE = textwrap.dedent(
    """\
    #!{python}
    import sys
    from PIL import Image
    args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
    assert args["--format"] == "png" and args["--resolution"] == "200"
    start = int(args.get("--batch-start", "1"))
    count = int(args.get("--batch-count", "{pages}"))
    for number in range(start, start + count):
        page = Image.new("L", (400, 560), 255)
        page.paste(0, (20, 20 + 10 * number, 120, 30 + 10 * number))  # every sheet differs
        page.save(args["--batch"] % number)
    print("scanimage: sane_start: Document feeder out of documents", file=sys.stderr)
    sys.exit(7)
    """
)


def install_fake_scanner(folder: Path, monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    program = folder / "scanimage"
    program.write_text(FAKE.format(python=sys.executable, pages=pages))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def test_without_sane_the_user_is_told_to_import_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert scanner.scanner_program() is None
    with pytest.raises(ScannerError) as caught:
        scanner.scan_to_folder(tmp_path / "out")
    assert "SANE" in caught.value.message


def test_the_feeder_pages_arrive_as_numbered_pngs_and_a_second_run_adds_to_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    install_fake_scanner(tmp_path / "bin", monkeypatch, pages=3)
    out = tmp_path / "out"
    first = scanner.scan_to_folder(out)
    assert [p.name for p in first.pages] == ["page-0001.png", "page-0002.png", "page-0003.png"]
    assert "feeder" in first.message
    second = scanner.scan_to_folder(out, feeder=False)
    assert [p.name for p in second.pages] == ["page-0004.png"]
    with Image.open(second.pages[0]) as image:
        assert image.size == (400, 560)


def test_an_empty_feeder_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    install_fake_scanner(tmp_path / "bin", monkeypatch, pages=0)
    with pytest.raises(ScannerError) as caught:
        scanner.scan_to_folder(tmp_path / "out")
    assert "هیچ صفحه‌ای" in caught.value.message
