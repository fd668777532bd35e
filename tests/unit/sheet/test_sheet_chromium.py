"""The HTML sheet in a real browser: it renders, the page is not blank, no formula is left as LaTeX; the PDF
route prints A4 pages and is byte-identical for the same seed. Skipped where no Chromium is installed."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from dlquiz.bank import Bank
from dlquiz.cli import main
from dlquiz.sheet.draw import Selection, draw_papers, select
from dlquiz.sheet.html import paper_html
from dlquiz.sheet.key import build_key
from dlquiz.sheet.pdf import chromium_command, find_chromium, run_chromium
from dlquiz.sheet.spec import SheetSpec
from dlquiz.sheet.text import has_raw_latex

CHROMIUM = find_chromium()
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and raw RGB(A) rows of an 8-bit PNG (enough of the format for Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, rows, previous = zlib.decompress(idat), [], bytearray(width * step)
    stride = width * step + 1
    for y in range(height):
        kind, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
        for i in range(len(line)):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                near = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                line[i] = (line[i] + near) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def render(page: Path, tmp_path: Path, *args: str) -> bytes:
    assert CHROMIUM is not None
    done = run_chromium(chromium_command(CHROMIUM, tmp_path / "profile", *args, page.as_uri()), tmp_path)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
    return done.stdout


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory, formula_bank: Bank, real_bank: Bank) -> Path:
    """A paper of LaTeX items (formulas in stems, options, explanations) followed by real items."""
    spec = SheetSpec(seed=1, solutions=True, key="end", format="html")
    papers = [draw_papers(select(b, Selection()), 1, count=n)[0] for b, n in ((formula_bank, 4), (real_bank, 12))]
    page = paper_html(papers[0], spec, [build_key(i, formula_bank.misconceptions) for i in papers[0].items])
    page += paper_html(papers[1], spec, [build_key(i, real_bank.misconceptions) for i in papers[1].items])
    path = tmp_path_factory.mktemp("chromium") / "sheet.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_the_page_renders_and_the_screenshot_is_not_blank(sheet: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    render(sheet, tmp_path, f"--screenshot={shot}", "--window-size=900,1400", "--hide-scrollbars")
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (900, 1400)
    step = len(rows[0]) // width
    dark = sum(1 for row in rows for i in range(0, len(row), step) if sum(row[i:i + 3]) < 3 * 128)
    assert 0.005 < dark / (width * height) < 0.5, "a page of text has some dark pixels, not none and not mostly"


def test_no_formula_is_left_as_raw_latex_in_the_rendered_dom(sheet: Path, tmp_path: Path) -> None:
    dom = render(sheet, tmp_path, "--dump-dom").decode("utf-8")
    assert dom.count("<math") >= 10 and "<mfrac>" in dom
    visible = re.sub(r"<style>.*?</style>|<math\b.*?</math>|<[^>]+>", " ", dom, flags=re.S)
    assert "深度学习" in visible and not has_raw_latex(visible)


def test_pdf_is_a4_and_byte_identical_for_the_same_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        assert main(["sheet", "--count", "6", "--seed", "4", "--key", "end", "-o", str(tmp_path / f"{name}.pdf")]) == 0
    first = (tmp_path / "a.pdf").read_bytes()
    assert first.startswith(b"%PDF") and first == (tmp_path / "b.pdf").read_bytes()
    assert re.search(rb"/MediaBox \[0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\]", first), "A4 is 595 × 842 pt"
    assert "wrote 1 paper" in capsys.readouterr().out
