"""The commands of `dlquiz`, one module each."""
