"""Frozen entry point of ``itembank-desktop`` (PyInstaller runs this script).

A windowed Windows executable has no console: ``sys.stdout``/``sys.stderr`` are None there, and a
``print`` in screenshot mode or a log line would raise. Point them at a log file in the user's
temp folder instead, so whoever helps the teacher can still read what happened.
"""

import multiprocessing
import os
import sys
import tempfile


def _give_streams_a_home() -> None:
    if sys.stdout is not None and sys.stderr is not None:
        return
    try:
        log = open(os.path.join(tempfile.gettempdir(), "itembank-desktop.log"), "a",  # noqa: SIM115
                   encoding="utf-8", buffering=1)
    except OSError:
        log = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = log
    if sys.stderr is None:
        sys.stderr = log


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _give_streams_a_home()
    from desktop_app.main import main

    sys.exit(main())
