"""nettui's storage layer: models, the durable TinyDB store, the repository and domain queries.

Nothing here imports Textual or click: the CLI and the dashboard both sit on top of it.
"""
