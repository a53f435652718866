"""One network on several machines: git as the engine between them, a merge that understands
records (``merge``, ``settle``), the driver git calls (``files``), ``init`` and ``sync``
(``machines``), and copies other tools leave beside the database (``copies``)."""
