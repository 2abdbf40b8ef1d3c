"""The engine's one error family: every failure the engine raises on purpose derives from ``ItemBankError``.

Front ends (CLI, REST server, desktop) map the *family*, never a hand-kept list of classes and never
the text of a message:

===================  ===============================================  ======  ======  ===================
class                meaning                                           CLI     HTTP    desktop banner
===================  ===============================================  ======  ======  ===================
``NotFound``         an id, profile, file or pack that is not there    2       404     warning
``InvalidInput``     what the user typed or sent is wrong (names the    2       422     warning
                     file, row or field and what to do)
``Unavailable``      needs something not installed or not reachable    2       409     "needs" (what/how)
                     (``what`` is missing, ``how_to_fix`` says how)
``Busy``             another job holds the bank; try again later       3       503     warning
``Damaged``          a stored file is damaged (names it, and how to    1       500     error
                     repair: ``itembank check --repair`` or a backup)
other ItemBankError  a refused operation                               2       400     error
===================  ===============================================  ======  ======  ===================

Older classes keep their names (``ProfileError``, ``ImportFileError`` …) and join the family through
their bases; ``InvalidInput`` is also a ``ValueError`` and ``NotFound`` a ``LookupError`` so code
written against the built-in exceptions keeps working.
"""

from __future__ import annotations

__all__ = ["Busy", "Damaged", "InvalidInput", "ItemBankError", "NotFound", "Unavailable", "error_family",
           "one_line"]


class ItemBankError(Exception):
    """A failure the engine raises on purpose; ``str(error)`` is a sentence for a person."""

    family = "error"


class NotFound(ItemBankError, LookupError):
    """Something asked for by name or id does not exist."""

    family = "not_found"

    def __str__(self) -> str:  # LookupError/KeyError would quote the message
        return str(self.args[0]) if self.args else self.__class__.__name__


class InvalidInput(ItemBankError, ValueError):
    """The caller's input is wrong; the message names the file, row or field and what to do."""

    family = "invalid_input"


class Unavailable(ItemBankError):
    """The request needs something this PC does not have right now (a model pack, an extra, a server).

    ``Unavailable(what, how_to_fix)``: ``what`` says what is missing or cannot run, ``how_to_fix`` the
    command or step that brings it. Given one argument, that sentence says both. ``needs`` names what is
    missing for front ends that word it themselves: one of ``NEEDS``.
    """

    family = "unavailable"
    NEEDS = ("", "image_model", "reranker", "semantic_profile", "model_pack", "extra", "server")

    def __init__(self, what: str = "", how_to_fix: str = "", *, needs: str = "") -> None:
        if needs not in self.NEEDS:
            raise ValueError(f"unknown need {needs!r}")
        self.what = what
        self.how_to_fix = how_to_fix
        self.needs = needs
        super().__init__(f"{what}; {how_to_fix}" if what and how_to_fix else (what or how_to_fix))


class Busy(ItemBankError):
    """Another job holds what this one needs (a write lock, an index build); trying again later works."""

    family = "busy"


class Damaged(ItemBankError):
    """Stored data is damaged (a catalog page, an index file, a figure); the message names it and the repair."""

    family = "damaged"


def error_family(error: BaseException) -> str | None:
    """Which member of the family ``error`` is ("not_found", "invalid_input", … or "error"), None for a bug."""
    return error.family if isinstance(error, ItemBankError) else None


def one_line(error: BaseException) -> str:
    """The first line of the message (what a CLI prints and an HTTP error's ``detail`` holds)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else error.__class__.__name__
