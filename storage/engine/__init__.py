"""The engine: one durable TinyDB file with its layout, atomic writes, lock, journal, derived
rollups and backups. Only the repository and the session reach it, through ``database``."""
