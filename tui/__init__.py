"""nettui's user interfaces: the click CLI and the Textual dashboard."""
