"""itembank desktop: a PySide6 window over ``engine.api.ItemBank`` for teachers.

The GUI never touches SQL or files of the bank itself: every bank call goes through the engine facade,
and every call that may take longer than a frame runs on a worker thread (see ``desktop_app.tasks``).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
