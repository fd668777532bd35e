"""Errors that the command line turns into one line on stderr and an exit code."""


class DlquizError(Exception):
    """A problem the user can fix: reported as one line, exit code 2 unless said otherwise."""

    exit_code = 2


class UsageError(DlquizError):
    """Bad flags or bad input."""
