"""PDF by printing the HTML sheet with headless Chromium.

Chromium draws MathML fractions and roots and falls back to any installed CJK font, and the PDF is then the
very page the HTML test looks at. (WeasyPrint, the usual PyPI route, renders Chinese but flattens MathML to
plain text.) Chromium stamps the time into the PDF; the stamp is replaced by a fixed one of the same length,
so the same seed gives the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from dlquiz.errors import DlquizError

BINARIES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio")  # fmt: skip
TIMEOUT = 120
_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")


class ChromiumMissing(DlquizError):
    """No Chromium or Chrome binary to print with."""


def find_chromium() -> str | None:
    """The browser to print with: $DLQUIZ_CHROMIUM, else the first of BINARIES on PATH."""
    chosen = os.environ.get("DLQUIZ_CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    return next((found for name in BINARIES if (found := shutil.which(name))), None)


def chromium_command(binary: str, profile: Path, *args: str) -> list[str]:
    """A headless Chromium call with a throwaway profile and no background traffic."""
    return [binary, *FLAGS, f"--user-data-dir={profile}", *args]


def run_chromium(args: list[str], workdir: Path) -> subprocess.CompletedProcess[bytes]:
    """Runs Chromium quietly; its stderr carries harmless dbus and /dev/shm noise."""
    return subprocess.run(args, cwd=workdir, capture_output=True, timeout=TIMEOUT, check=False)


def print_pdf(html_text: str, target: Path) -> None:
    """Prints an HTML document to `target` as an A4 PDF (the page size comes from the sheet's CSS).

    Raises:
        ChromiumMissing: no browser found.
        DlquizError: the browser failed or wrote nothing.
    """
    binary = find_chromium()
    if binary is None:
        raise ChromiumMissing("PDF needs Chromium or Chrome (Debian: apt-get install chromium "
                              "fonts-wqy-microhei; or set DLQUIZ_CHROMIUM); --format html works without it")
    with tempfile.TemporaryDirectory(prefix="dlquiz-pdf-") as tmp:
        work = Path(tmp)
        page = work / "sheet.html"
        page.write_text(html_text, encoding="utf-8")
        out = work / "sheet.pdf"
        args = chromium_command(binary, work / "profile", f"--print-to-pdf={out}", "--no-pdf-header-footer",
                                page.as_uri())
        try:
            done = run_chromium(args, work)
        except subprocess.TimeoutExpired:
            raise DlquizError(f"{binary} did not finish printing within {TIMEOUT} s") from None
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise DlquizError(f"{binary} could not print the PDF: {detail[0]}")
        data = _DATE.sub(rb"\g<1>20000101000000", out.read_bytes())
    target.write_bytes(data)
