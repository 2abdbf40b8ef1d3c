"""Running bank operations off the GUI thread, the way Anki runs collection operations.

Anki's ``QueryOp(parent, op, success).failure(...).with_progress().run_in_background()`` runs ``op`` on
a worker thread, reports progress that the GUI polls, lets the user ask for a cancel that ``op``
checks, and hands the result (or the exception) back on the main thread. ``TaskRunner.submit`` does
the same with a private ``QThreadPool``:

* ``op(ctx)`` runs on a pool thread. It calls ``ctx.progress(done, total)`` (throttled, so a
  10 000-row import does not flood the event queue) and checks ``ctx.cancelled``.
* ``on_success`` / ``on_failure`` / ``on_progress`` run on the GUI thread: the worker only emits a
  signal of the runner, which lives on the GUI thread, so Qt queues the call there.
* A task cancelled before it started is taken off the queue and never runs (a newer search makes
  the older ones pointless).

Writes report what they changed (Anki's ``OpChanges`` and ``operation_did_execute``): when an op's result
is a ``BankChanges``, or carries one as ``.changes`` (an import or index report, a merge verdict), the
runner emits ``bank_changed`` after ``on_success``, and every view refreshes itself from it. A failure
with no ``on_failure`` is emitted as ``unhandled_failure`` (the window shows it in a banner), never
dropped.

Exceptions are passed to ``on_failure``; the GUI turns them into a sentence (``desktop_app.errors``,
which also logs unexpected ones with their traceback for whoever helps the teacher), never a
traceback on screen.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal, Slot

from desktop_app.heap import settle as settle_heap
from engine.api import BankChanges

log = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.05


def changes_of(result: object) -> BankChanges | None:
    """What a finished op changed in the bank, if it was a write (see the module docstring)."""
    if isinstance(result, BankChanges):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, BankChanges) else None


class TaskContext:
    """What a background op can see: progress reporting and the cancel flag."""

    def __init__(self, task_id: int, emit_progress: Callable[[int, int, int], None]) -> None:
        self.task_id = task_id
        self._emit_progress = emit_progress
        self._cancel = threading.Event()
        self._last_emit = 0.0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:
        """Report progress; emitted at most every 50 ms, but always for the first and last step."""
        now = time.monotonic()
        if done in (0, 1) or done >= total or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self._emit_progress(self.task_id, int(done), int(total))


@dataclass
class TaskHandle:
    """The GUI side of one submitted op."""

    id: int
    name: str
    context: TaskContext
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    on_progress: Callable[[int, int], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    runnable: QRunnable | None = field(default=None, repr=False)
    started: bool = False

    def cancel(self) -> None:
        self.context.cancel()


class _Runnable(QRunnable):
    def __init__(self, runner: "TaskRunner", handle: TaskHandle, op: Callable[[TaskContext], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object alive until the result is in
        self._runner = runner
        self._handle = handle
        self._op = op

    def run(self) -> None:  # runs on a pool thread
        ctx = self._handle.context
        self._send("_started", ctx.task_id)
        if ctx.cancelled:
            self._send("_finished", ctx.task_id, None, None, True)
            return
        try:
            result = self._op(ctx)
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI as a message
            # Logged with its traceback by ``errors.describe`` when it is not an expected engine error.
            log.debug("background task %s failed", self._handle.name, exc_info=True)
            self._send("_finished", ctx.task_id, None, exc, False)
            return
        self._send("_finished", ctx.task_id, result, None, ctx.cancelled)

    def _send(self, signal: str, *args: object) -> None:
        """Emit on the runner unless the window (and the runner with it) is already gone: an op that
        outlived the shutdown wait has nobody left to tell."""
        try:
            getattr(self._runner, signal).emit(*args)
        except RuntimeError:  # "Signal source has been deleted"
            log.debug("background task %s finished after its window closed", self._handle.name)


class TaskRunner(QObject):
    """A small lane of background work (its own pool, ``max_threads`` at a time)."""

    _started = Signal(int)
    _progress = Signal(int, int, int)
    _finished = Signal(int, object, object, bool)  # id, result, error, cancelled
    busy_changed = Signal(bool)
    bank_changed = Signal(object)             # BankChanges of a write that finished
    unhandled_failure = Signal(str, object)   # task name, exception: nobody asked for it

    def __init__(self, max_threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pool.setExpiryTimeout(10_000)
        self._ids = itertools.count(1)
        self._tasks: dict[int, TaskHandle] = {}
        self._closed = False
        queued = Qt.ConnectionType.QueuedConnection
        self._started.connect(self._on_started, queued)
        self._progress.connect(self._on_progress, queued)
        self._finished.connect(self._on_finished, queued)

    # -- GUI-thread API -------------------------------------------------------------------
    def submit(self, op: Callable[[TaskContext], Any], *, name: str = "task",
               on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[int, int], None] | None = None,
               on_cancelled: Callable[[], None] | None = None) -> TaskHandle:
        """Queue ``op(ctx)`` on the pool; the callbacks run later on the GUI thread."""
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        task_id = next(self._ids)
        context = TaskContext(task_id, self._progress.emit)
        handle = TaskHandle(task_id, name, context, on_success, on_failure, on_progress, on_cancelled)
        handle.runnable = _Runnable(self, handle, op)
        was_busy = self.busy
        self._tasks[task_id] = handle
        if not was_busy:
            # Everything alive now outlives the job: move it out of the collector's reach, so a full
            # GC pass triggered by the job's allocations (which holds the GIL, stopping the GUI thread)
            # walks only what the job creates — not the 100k+ objects of Qt, torch and transformers.
            settle_heap()
        self._pool.start(handle.runnable)
        if not was_busy:
            self.busy_changed.emit(True)
        return handle

    def cancel(self, handle: TaskHandle) -> None:
        """Ask ``handle``'s op to stop; if it has not started yet it never will."""
        handle.cancel()
        if not handle.started and handle.runnable is not None and self._pool.tryTake(handle.runnable):
            self._forget(handle.id)
            if handle.on_cancelled is not None:
                handle.on_cancelled()

    def cancel_all(self) -> None:
        for handle in list(self._tasks.values()):
            self.cancel(handle)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def pending(self) -> list[TaskHandle]:
        return list(self._tasks.values())

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the pool is idle (tests and shutdown only; the GUI never waits)."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything, wait for running ops, and drop their late results."""
        self.cancel_all()
        self._pool.waitForDone(timeout_ms)
        self._closed = True
        self._tasks.clear()

    # -- slots, always on the GUI thread ------------------------------------------------------
    def _forget(self, task_id: int) -> None:
        self._tasks.pop(task_id, None)
        if not self._tasks:
            self.busy_changed.emit(False)

    @Slot(int)
    def _on_started(self, task_id: int) -> None:
        handle = self._tasks.get(task_id)
        if handle is not None:
            handle.started = True

    @Slot(int, int, int)
    def _on_progress(self, task_id: int, done: int, total: int) -> None:
        handle = self._tasks.get(task_id)
        if self._closed or handle is None or handle.on_progress is None:
            return
        handle.on_progress(done, total)

    @Slot(int, object, object, bool)
    def _on_finished(self, task_id: int, result: object, error: object, cancelled: bool) -> None:
        handle = self._tasks.get(task_id)
        if self._closed or handle is None:
            return
        self._forget(task_id)
        if error is not None:
            if handle.on_failure is not None:
                handle.on_failure(error)  # type: ignore[arg-type]
            else:
                self.unhandled_failure.emit(handle.name, error)
            return
        if cancelled and handle.on_cancelled is not None and result is None:
            handle.on_cancelled()
            return
        if handle.on_success is not None:
            handle.on_success(result)
        changes = changes_of(result)
        if changes is not None and changes:
            self.bank_changed.emit(changes)
