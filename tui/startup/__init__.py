"""Process start-up: the ``nettui`` entry point, the start time, and the forked helper that
gathers the dashboard's data while Textual starts."""
