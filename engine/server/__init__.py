"""The REST API / LAN server: a thin FastAPI layer over ``engine.api.ItemBank``.

Needs the ``server`` extra (fastapi, uvicorn, python-multipart). Modules, one job each: config
(settings), tokens and auth (who may do what), limits and ratelimit (what a client may send),
batcher and bank (micro-batched query embeddings), jobs (background imports and index builds),
schemas and views (the wire format), routes (the endpoints), app (wiring), runner (starting it).

Importing this package does not import FastAPI, so ``itembank serve --create-token`` and the CLI
work without the extra; ``create_app`` is loaded on first use.
"""

from __future__ import annotations

import importlib.util

from engine.server.config import ServerConfig

SERVER_PACKAGES = ("fastapi", "uvicorn", "multipart")


def missing_server_packages() -> list[str]:
    return [name for name in SERVER_PACKAGES if importlib.util.find_spec(name) is None]


def __getattr__(name: str):
    if name == "create_app":
        from engine.server.app import create_app

        return create_app
    raise AttributeError(name)


__all__ = ["ServerConfig", "create_app", "missing_server_packages"]
