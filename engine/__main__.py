"""``python -m engine`` is the same as the ``itembank`` command."""

from engine.cli.main import main

raise SystemExit(main())
