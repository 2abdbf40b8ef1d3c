"""Frozen entry point of the ``itembank`` command (PyInstaller runs this script)."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes of a frozen app re-enter here
    from engine.cli.main import main

    sys.exit(main())
