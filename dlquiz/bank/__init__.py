"""The question bank: schema, loader, checker, statistics and search."""

from __future__ import annotations

from pathlib import Path

from dlquiz.bank.loader import Bank, load_bank

__all__ = ["Bank", "load", "load_bank"]


def load(root: Path | None = None) -> Bank:
    """Loads the bank (the installed one by default). Problems are in `Bank.problems`.

    A bank without its own syllabus, misconceptions or synonyms uses the packaged ones.
    """
    from dlquiz import locations

    return load_bank(root or locations.bank_dir(), catalogues=locations.packaged_bank_dir())
