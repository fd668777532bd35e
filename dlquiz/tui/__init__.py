"""The dlquiz terminal app (Textual). Only this package imports textual."""
