"""Where papers and keys go, refusing to overwrite, and turning a drawn paper into its files.

All target paths are worked out and checked before anything is drawn or written, so a run either writes
every file or stops with one clear line and leaves the disk as it was.
"""

from __future__ import annotations

from pathlib import Path

from dlquiz.bank import schema
from dlquiz.errors import UsageError
from dlquiz.sheet.draw import Paper
from dlquiz.sheet.key import build_key
from dlquiz.sheet.spec import SheetSpec

FORMATS = ("md", "html", "pdf")


def check_output(path: Path, force: bool) -> None:
    """A single output file: its directory must exist, and an existing file needs `force`.

    Raises:
        UsageError: the directory is missing, the path is a directory, or the file exists without `force`.
    """
    check_targets([path], force)


def check_targets(paths: list[Path], force: bool) -> None:
    """Every path must be writable as a new file (or an existing one with `force`).

    Raises:
        UsageError: as `check_output`, for the first offending path.
    """
    for path in paths:
        if path.is_dir():
            raise UsageError(f"{path} is a directory; give a file name such as {path / 'sheet.md'}")
        if not path.parent.is_dir():
            raise UsageError(f"directory {path.parent} does not exist; create it first")
        if path.exists() and not force:
            raise UsageError(f"{path} exists; add --force to overwrite it")


def format_of(path: Path, given: str | None) -> str:
    """The output format: `given`, else the path's suffix (.md, .html/.htm, .pdf).

    Raises:
        UsageError: neither says which.
    """
    if given:
        return given
    suffix = path.suffix.lower().lstrip(".")
    suffix = "html" if suffix == "htm" else suffix
    if suffix in FORMATS:
        return suffix
    raise UsageError(f"cannot tell the format from {path.name!r}: add --format md|html|pdf or a .md/.html/.pdf name")


def targets(base: Path, variants: int, key: str) -> list[dict[str, Path]]:
    """Per variant, the files to write: {"paper": …, "key": …} (no "key" unless it is separate).

    `paper.md` gives `paper.md` and `paper-key.md`; with variants `paper-v01.md`, `paper-v01-key.md` ….
    """
    width = len(str(variants))
    plans = []
    for v in range(1, variants + 1):
        stem = base.stem if variants == 1 else f"{base.stem}-v{v:0{width}d}"
        plan = {"paper": base.with_name(stem + base.suffix)}
        if key == "separate":
            plan["key"] = base.with_name(f"{stem}-key{base.suffix}")
        plans.append(plan)
    return plans


def render(paper: Paper, spec: SheetSpec, catalogue: dict[str, schema.Misconception]) -> dict[str, str]:
    """The paper's documents as text (HTML for pdf), by role: "paper" and, when separate, "key"."""
    entries = [build_key(item, catalogue) for item in paper.items] if spec.key != "none" else None
    if spec.format == "md":
        from dlquiz.sheet.markdown import key_markdown, paper_markdown

        docs = {"paper": paper_markdown(paper, spec)}
        if entries is not None and spec.key == "end":
            docs["paper"] += "\n" + key_markdown(paper, entries, spec, standalone=False)
        elif entries is not None:
            docs["key"] = key_markdown(paper, entries, spec)
        return docs
    from dlquiz.sheet.html import key_html, paper_html

    if entries is not None and spec.key == "end":
        return {"paper": paper_html(paper, spec, entries)}
    docs = {"paper": paper_html(paper, spec)}
    if entries is not None:
        docs["key"] = key_html(paper, entries, spec)
    return docs


def write(paper: Paper, spec: SheetSpec, catalogue: dict[str, schema.Misconception],
          plan: dict[str, Path]) -> list[Path]:
    """Renders and writes one paper's files; returns the paths written."""
    written = []
    for role, text in render(paper, spec, catalogue).items():
        path = plan[role]
        if spec.format == "pdf":
            from dlquiz.sheet.pdf import print_pdf

            print_pdf(text, path)
        else:
            path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written
