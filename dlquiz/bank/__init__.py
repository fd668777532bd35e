"""The question bank: schema, loader, checker, statistics and search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dlquiz.bank.loader import Bank, load_bank

if TYPE_CHECKING:
    from dlquiz.bank.schema import Misconception

__all__ = ["Bank", "catalogue", "load", "load_bank"]


def load(root: Path | None = None) -> Bank:
    """Loads the bank (the installed one by default). Problems are in `Bank.problems`.

    A bank without its own syllabus, misconceptions or synonyms uses the packaged ones.
    """
    from dlquiz import locations

    return load_bank(root or locations.bank_dir(), catalogues=locations.packaged_bank_dir())


def catalogue(root: Path | None = None) -> dict[str, Misconception]:
    """The misconception catalogue by id, read without the questions (the calculator's checks need only it)."""
    from dlquiz import locations
    from dlquiz.bank.loader import load_catalogues

    return load_catalogues(root or locations.bank_dir(), locations.packaged_bank_dir()).misconceptions
