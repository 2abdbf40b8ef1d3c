"""Everything a request handler needs, opened once when the server starts and closed when it stops."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from engine.server.bank import ServerBank
from engine.server.config import ServerConfig
from engine.server.errors import describe_user_error
from engine.server.jobs import JobManager


def prefer_passive_openmp() -> None:
    """Let idle OpenMP threads sleep instead of spinning (unless the user chose otherwise).

    The lite model's C engine uses OpenMP. Its default wait policy keeps the threads of a finished
    parallel region spinning for a while; in a server, whose queries arrive on changing worker threads
    while other threads also need the CPU, that spinning made one lite query take ~2.5 s instead of
    ~20 ms on a 2-core PC. An OpenMP runtime reads the policy once, when it is loaded: here that helps
    the lite model's runtime (loaded with the first model); usearch's runtime is loaded on import, so
    ``python -m engine.server`` sets it before any import (and ``itembank serve`` should too).
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@dataclass
class ServerContext:
    config: ServerConfig
    bank: ServerBank
    jobs: JobManager
    uploads_dir: Path

    @classmethod
    def open(cls, config: ServerConfig) -> "ServerContext":
        prefer_passive_openmp()
        bank = ServerBank(config.data_dir, max_batch=config.max_batch,
                          max_wait_s=config.batch_wait_ms / 1000, backend=config.backend)
        uploads = bank.paths.root / "cache" / "uploads"
        shutil.rmtree(uploads, ignore_errors=True)  # leftovers of a crash: nobody can use them now
        uploads.mkdir(parents=True, exist_ok=True)
        return cls(config, bank, JobManager(config.job_history, describe_user_error), uploads)

    def close(self) -> None:
        self.jobs.close()
        self.bank.close()


def get_context(request: Request) -> ServerContext:
    return request.app.state.ctx
