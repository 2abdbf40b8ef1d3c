"""itembank engine: catalog, importers, search, models and CLI — everything except the GUI.

This package never imports Qt; the desktop app and the REST server are thin layers over ``engine.api``.
"""

__version__ = "0.1.0"
