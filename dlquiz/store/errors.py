"""The one error the progress store raises for anything a user can see or fix."""

from __future__ import annotations

from dlquiz.errors import DlquizError


class StoreError(DlquizError):
    """The progress store cannot be opened, written or merged; the message is one line naming the file."""

    #: True when the cause was a lock held by another process (worth retrying).
    busy: bool = False
