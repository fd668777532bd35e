"""Practice: sessions, grading and scheduling, independent of any user interface."""
