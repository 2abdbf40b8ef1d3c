"""Search-as-you-type: debounce keystrokes, run searches off the GUI thread, drop stale answers.

Every search gets a generation number. A newer request cancels the older ones (queued ones never
run) and any answer whose generation is not the latest is ignored, so a slow search for "전" can
never overwrite the results for "전류" that the teacher is already looking at.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.bank_ops import SearchOutcome, SearchQuery, run_search
from desktop_app.tasks import TaskHandle, TaskRunner
from engine.api import ItemBank

DEBOUNCE_MS = 250


class SearchController(QObject):
    started = Signal(int, object)        # generation, SearchQuery
    finished = Signal(object)            # SearchOutcome (latest generation only)
    failed = Signal(int, object, object)  # generation, SearchQuery, exception

    def __init__(self, bank: ItemBank, runner: TaskRunner, query_source: Callable[[], SearchQuery],
                 debounce_ms: int = DEBOUNCE_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bank = bank
        self._runner = runner
        self._query_source = query_source
        self._generation = 0
        self._handles: dict[int, TaskHandle] = {}  # generation → its running or queued search
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.search_now)
        self.stale_dropped = 0  # answers that arrived after a newer search started (for tests)

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or bool(self._handles)

    def schedule(self) -> None:
        """Search after the typing pause (restarts the wait on each keystroke)."""
        self._timer.start()

    def search_now(self, query: SearchQuery | None = None) -> int:
        """Search right away (the panel's current query unless one is given); returns the new
        generation."""
        self._timer.stop()
        query = query if query is not None else self._query_source()
        self._generation += 1
        generation = self._generation
        self._cancel_running()
        bank = self._bank

        def op(ctx) -> SearchOutcome | None:
            return run_search(bank, query, generation, ctx)

        handle = self._runner.submit(
            op, name=f"search#{generation}",
            on_success=lambda outcome, g=generation: self._done(g, outcome),
            on_failure=lambda exc, g=generation, q=query: self._fail(g, q, exc))
        self._handles[generation] = handle
        self.started.emit(generation, query)
        return generation

    def cancel(self) -> None:
        self._timer.stop()
        self._cancel_running()

    def _cancel_running(self) -> None:
        for handle in self._handles.values():
            self._runner.cancel(handle)  # a queued one is dropped; a running one stops early
        self._handles.clear()

    def _settle(self, generation: int) -> bool:
        self._handles.pop(generation, None)
        if generation != self._generation:
            self.stale_dropped += 1
            return False
        return True

    def _done(self, generation: int, outcome: SearchOutcome | None) -> None:
        if not self._settle(generation) or outcome is None:
            return
        self.finished.emit(outcome)

    def _fail(self, generation: int, query: SearchQuery, error: BaseException) -> None:
        if self._settle(generation):
            self.failed.emit(generation, query, error)
