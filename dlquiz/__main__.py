"""Allows `python -m dlquiz`."""

import sys

from dlquiz.cli import main

sys.exit(main())
