"""Write the API's OpenAPI document, the one checked in as docs/api/openapi.json.

Regenerate after changing a route or a schema:
    python -m engine.server.openapi docs/api/openapi.json
(tests/test_server_schema.py fails while the checked-in file differs from the app's.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from engine.server.app import create_app
from engine.server.config import ServerConfig


def openapi_document() -> dict:
    return create_app(ServerConfig()).openapi()


def render() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        Path(argv[0]).write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
