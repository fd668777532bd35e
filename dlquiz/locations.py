"""Where dlquiz keeps and finds things: the bank, the seeds, the user data directory.

Every path is resolved at call time, never at import, so tests and `--data-dir` can move them.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "dlquiz"
_PACKAGE_DIR = Path(__file__).resolve().parent


def bank_dir() -> Path:
    """The question bank: `DLQUIZ_BANK`, else the packaged bank (see `packaged_bank_dir`)."""
    override = os.environ.get("DLQUIZ_BANK")
    return Path(override) if override else packaged_bank_dir()


def packaged_bank_dir() -> Path:
    """The bank shipped with dlquiz: inside the installed package, or the checkout's `quizbank/`."""
    installed = _PACKAGE_DIR / "quizbank"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "quizbank"


def seeds_dir() -> Path | None:
    """The course material that source quotes are checked against, when it is present.

    `DLQUIZ_SEEDS` names it; otherwise `../shared/seeds` beside the checkout (the development layout).
    """
    override = os.environ.get("DLQUIZ_SEEDS")
    if override:
        path = Path(override)
        return path if path.is_dir() else None
    for base in (_PACKAGE_DIR.parent, Path.cwd()):
        candidate = base.parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def data_dir() -> Path:
    """The user data directory: `DLQUIZ_HOME` (set by `--data-dir` too), else the platform's."""
    override = os.environ.get("DLQUIZ_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs  # deferred: only commands that touch user data pay for it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
