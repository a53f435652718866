"""One network on several machines: git as the engine between them (``git``), a merge that
understands records (``merge``, ``settle``), the driver git calls (``files``), ``sync init``
(``setup``), ``sync`` (``machines``, ``commits``), and the copies other tools leave beside the
database (``copies``)."""
