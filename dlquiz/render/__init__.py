"""Rich renderables shared by every front end: the plain CLI, the TUI and the sheet writer."""
