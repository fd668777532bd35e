"""Rich renderables shared by the TUI, the plain CLI and the sheet writer."""
