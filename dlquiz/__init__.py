"""dlquiz: exam preparation for a deep-learning course, in the terminal."""

__version__ = "0.1.0"
