"""Search-as-you-type: debounce keystrokes, run searches off the GUI thread, drop stale answers.

Every search gets a generation number. A newer request cancels the older ones (queued ones never
run) and any answer whose generation is not the latest is ignored, so a slow search for "전" can
never overwrite the results for "전류" that the teacher is already looking at.

A search of the district bank runs on its own lane (``remote_runner``), so a slow network never
holds up a search of this PC's bank. With both banks, this bank's results are shown as soon as they
are in (marked as still waiting for the district), then again with the district's; a district
failure is reported with the local results, not instead of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.bank_ops import SearchOutcome, SearchQuery, run_search
from desktop_app.remote_ops import interleave, run_remote_search
from desktop_app.sources import DISTRICT, LOCAL, searched_sources
from desktop_app.tasks import TaskHandle, TaskRunner
from engine.api import ItemBank
from engine.api import RemoteBank, RemoteError
from engine.api import remote_errors

DEBOUNCE_MS = 250


@dataclass
class _Search:
    """One generation's searches: which banks, what came back so far."""

    query: SearchQuery
    sources: tuple[str, ...]
    handles: list[tuple[TaskRunner, TaskHandle]] = field(default_factory=list)
    outcomes: dict[str, SearchOutcome] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)
    failed: bool = False

    def waiting_for(self) -> tuple[str, ...]:
        return tuple(s for s in self.sources if s not in self.outcomes and s not in self.errors)


class SearchController(QObject):
    started = Signal(int, object)        # generation, SearchQuery
    finished = Signal(object)            # SearchOutcome (latest generation only; may be partial)
    failed = Signal(int, object, object)  # generation, SearchQuery, exception

    def __init__(self, bank: ItemBank, runner: TaskRunner, query_source: Callable[[], SearchQuery],
                 debounce_ms: int = DEBOUNCE_MS, parent: QObject | None = None, *,
                 district: Callable[[], RemoteBank | None] | None = None,
                 remote_runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._bank = bank
        self._runner = runner
        self._remote_runner = remote_runner or runner
        self._district = district or (lambda: None)
        self._query_source = query_source
        self._generation = 0
        self._searches: dict[int, _Search] = {}  # generation → its running or queued searches
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
        return self._timer.isActive() or bool(self._searches)

    def schedule(self) -> None:
        """Search after the typing pause (restarts the wait on each keystroke)."""
        self._timer.start()

    def search_now(self, query: SearchQuery | None = None) -> int:
        """Search right away (the panel's current query unless one is given); returns the new
        generation."""
        self._timer.stop()
        query = query if query is not None else self._query_source()
        if query.similar_to:
            query = replace(query, source=LOCAL)  # "find similar" is about an item of this bank
        self._generation += 1
        generation = self._generation
        self._cancel_running()
        search = _Search(query, searched_sources(query.source))
        self._searches[generation] = search
        self.started.emit(generation, query)
        for source in search.sources:
            if source == LOCAL:
                bank = self._bank
                op = lambda ctx, b=bank, q=query, g=generation: run_search(b, q, g, ctx)
                runner = self._runner
            else:
                remote = self._district()
                if remote is None:
                    self._part_failed(generation, source, RemoteError(
                        remote_errors.NOT_CONFIGURED, "", "no district server is saved for this bank"))
                    continue
                op = lambda ctx, r=remote, q=query, g=generation: run_remote_search(r, q, g, ctx)
                runner = self._remote_runner
            search.handles.append((runner, runner.submit(
                op, name=f"search#{generation}:{source}",
                on_success=lambda outcome, g=generation, s=source: self._part_done(g, s, outcome),
                on_failure=lambda exc, g=generation, s=source: self._part_failed(g, s, exc))))
        return generation

    def cancel(self) -> None:
        self._timer.stop()
        self._cancel_running()

    def _cancel_running(self) -> None:
        for search in self._searches.values():
            for runner, handle in search.handles:
                runner.cancel(handle)  # a queued one is dropped; a running one stops early
        self._searches.clear()

    def _current(self, generation: int) -> _Search | None:
        """The search of ``generation`` if it is still the one on show; counts stale answers."""
        search = self._searches.get(generation)
        if generation != self._generation or search is None or search.failed:
            self.stale_dropped += 1
            return None
        return search

    def _part_done(self, generation: int, source: str, outcome: SearchOutcome | None) -> None:
        search = self._current(generation)
        if search is None or outcome is None:
            return
        search.outcomes[source] = outcome
        self._publish(generation, search)

    def _part_failed(self, generation: int, source: str, error: BaseException) -> None:
        search = self._current(generation)
        if search is None:
            return
        if source == LOCAL or len(search.sources) == 1:
            search.failed = True
            self._searches.pop(generation, None)
            self.failed.emit(generation, search.query, error)
            return
        search.errors[source] = error  # the district failed: this bank's results still count
        self._publish(generation, search)

    def _publish(self, generation: int, search: _Search) -> None:
        waiting = search.waiting_for()
        if not waiting:
            self._searches.pop(generation, None)
        if len(search.sources) == 1:
            self.finished.emit(search.outcomes[search.sources[0]])
            return
        if LOCAL not in search.outcomes:
            return  # this bank's answer leads the list; the district's waits for it
        self.finished.emit(interleave(search.query, generation, search.outcomes.get(LOCAL),
                                      search.outcomes.get(DISTRICT), pending=waiting,
                                      errors=search.errors))
