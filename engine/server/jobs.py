"""Background jobs (imports, index builds) run one at a time, beside the searches.

SQLite has one writer: an import holds the write lock for its whole transaction, and an index build
commits batch by batch. Running jobs one after another in a single worker keeps them from waiting on
each other's locks, while searches (readers, WAL) carry on in the request threads. Jobs live in memory:
a restart forgets finished ones, and an interrupted index build simply resumes when started again.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

log = logging.getLogger("itembank.server.jobs")

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
FINISHED = (SUCCEEDED, FAILED, CANCELLED)


def json_safe(value: Any) -> Any:
    """A value JSON can always encode: strings without lone surrogates, lists and dicts of such, numbers.

    Why: a job record is served by ``GET /jobs`` for as long as it is kept; one undecodable byte from a
    binary upload (a surrogate escape in a message), a Path or an exception in a report must not make
    every later listing fail.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {json_safe(str(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    return json_safe(str(value))  # Path, exception, anything else: its text


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Job:
    id: str
    kind: str
    params: dict[str, Any]
    state: str = QUEUED
    done: int = 0
    total: int | None = None
    created_at: str = field(default_factory=_now)
    started_at: str | None = None
    finished_at: str | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)
    # Rewrites server-side paths in a failed job's message (an upload's temp path → the file's name).
    redact: Callable[[str], str] = field(default=lambda text: text, repr=False)

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def should_cancel(self) -> bool:
        return self.cancel_event.is_set()

    def snapshot(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "params": dict(self.params),
                "progress": {"done": self.done, "total": self.total},
                "created_at": self.created_at, "started_at": self.started_at,
                "finished_at": self.finished_at, "report": self.report, "error": self.error,
                "cancel_requested": self.cancel_event.is_set()}


JobFunction = Callable[[Job], dict[str, Any]]
# Exceptions whose message is meant for the user (bad file, missing model…); others are bugs.
ErrorClassifier = Callable[[BaseException], str | None]


class JobManager:
    def __init__(self, history: int = 100, describe_error: ErrorClassifier | None = None) -> None:
        self._history = max(1, history)
        self._describe_error = describe_error or (lambda exc: None)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Job, JobFunction, Callable[[], None] | None] | None] = \
            queue.SimpleQueue()
        self._worker = threading.Thread(target=self._run, name="itembank-jobs", daemon=True)
        self._worker.start()

    def submit(self, kind: str, params: dict[str, Any], function: JobFunction,
               cleanup: Callable[[], None] | None = None,
               redact: Callable[[str], str] | None = None) -> Job:
        with self._lock:
            job = self._submit_locked(kind, params, function, cleanup)
            if redact is not None:
                job.redact = redact
            return job

    def submit_unique(self, kind: str, params: dict[str, Any], function: JobFunction) -> tuple[Job, bool]:
        """Reuse an unfinished job of the same kind and parameters; returns (job, created)."""
        with self._lock:
            for job in self._jobs.values():
                if job.kind == kind and job.params == params and job.state not in FINISHED:
                    return job, False
            return self._submit_locked(kind, params, function, None), True

    def _submit_locked(self, kind: str, params: dict[str, Any], function: JobFunction,
                       cleanup: Callable[[], None] | None) -> Job:
        job = Job(id=uuid.uuid4().hex, kind=kind, params=json_safe(params))
        self._jobs[job.id] = job
        self._trim()
        self._queue.put((job, function, cleanup))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def active(self, kind: str | None = None) -> list[Job]:
        return [j for j in self.all() if j.state not in FINISHED and (kind is None or j.kind == kind)]

    def cancel(self, job_id: str) -> Job | None:
        job = self.get(job_id)
        if job is not None and job.state not in FINISHED:
            job.cancel_event.set()
        return job

    def close(self, timeout: float = 10.0) -> None:
        """Ask running and queued jobs to stop, then wait a little for the worker to finish."""
        for job in self.active():
            job.cancel_event.set()
        self._queue.put(None)
        self._worker.join(timeout)

    def _trim(self) -> None:
        finished = [jid for jid, job in self._jobs.items() if job.state in FINISHED]
        while len(self._jobs) > self._history and finished:
            del self._jobs[finished.pop(0)]

    def _run(self) -> None:
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            job, function, cleanup = entry
            try:
                self._execute(job, function)
            finally:
                if cleanup is not None:
                    cleanup()

    def _execute(self, job: Job, function: JobFunction) -> None:
        if job.cancel_event.is_set():
            job.state, job.finished_at = CANCELLED, _now()
            return
        job.state, job.started_at = RUNNING, _now()
        try:
            report = function(job)
        except Exception as exc:  # noqa: BLE001 - a job's failure is reported, never raised
            message = self._describe_error(exc)
            if message is None:
                log.exception("job %s (%s) failed", job.id, job.kind)
                message = f"internal error ({exc.__class__.__name__}); see the server log"
            job.error, job.state = json_safe(job.redact(message)), FAILED
        else:
            job.report = json_safe(report)
            job.state = CANCELLED if report.get("cancelled") else SUCCEEDED
        job.finished_at = _now()
        with self._lock:
            self._trim()
