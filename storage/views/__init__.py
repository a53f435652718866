"""Display shapes shared by the CLI and the dashboard: people rows, JSON shapes, the
dashboard's data (plain data, no Textual)."""
