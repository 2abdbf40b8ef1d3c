"""Terminal output: JSON on stdout for machines, tables and progress on the terminal for people.

Progress and logs always go to stderr so ``--json`` output can be piped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

# Markup is off by default: item text, reasons and install hints ("pip install 'itembank[models]'") hold
# square brackets that rich would otherwise swallow as style tags. Styled lines pass markup=True and escape
# what they interpolate.
stdout = Console(soft_wrap=True, markup=False)
stderr = Console(stderr=True, markup=False)


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


@contextmanager
def progress_bar(description: str) -> Iterator:
    """Yields ``update(done, total)``; draws a bar on a terminal and stays silent in pipes and CI."""
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=stderr, transient=True,
                        disable=not stderr.is_terminal)
    with progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def excerpt(text: str, width: int = 60) -> str:
    """One line of item text for a terminal: formulas in their readable linear form, not LaTeX."""
    from engine.mathtext import linear_text

    flat = " ".join(linear_text(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
