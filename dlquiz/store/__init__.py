"""The durable progress store: every attempt, FSRS card states and settings in one SQLite file.

`Store.open()` finds `dlquiz.db` in the user data directory (see `dlquiz.locations.data_dir`), migrates it,
and moves a damaged file aside rather than losing it. Nothing here imports a UI library.
"""

from dlquiz.store.errors import StoreError
from dlquiz.store.models import MODES, Attempt
from dlquiz.store.progress import FILENAME, Store

__all__ = ["FILENAME", "MODES", "Attempt", "Store", "StoreError"]
