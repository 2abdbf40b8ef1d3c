"""``python -m desktop_app`` runs the same thing as the ``itembank-desktop`` command."""

import sys

from desktop_app.main import main

if __name__ == "__main__":
    sys.exit(main())
