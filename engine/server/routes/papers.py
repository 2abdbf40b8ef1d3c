"""Worksheets over the LAN: the same paper layout as the basket and ``itembank export paper.pdf``.

A paper only reads the bank, so a read token may ask for one. One file comes back as it is; a paper
with a separate answer sheet or A/B variants comes back as one zip of every file, so a client never has
to guess names or make a second request.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from engine.api import LAYOUTS, PaperOptions
from engine.server.auth import require_read
from engine.server.context import ServerContext, get_context
from engine.server.errors import COMMON_ERRORS
from engine.server.schemas import ErrorResponse

router = APIRouter(prefix="/api/v1", tags=["papers"], dependencies=[Depends(require_read)],
                   responses={**COMMON_ERRORS, status.HTTP_404_NOT_FOUND: {
                       "model": ErrorResponse, "description": "an id names no item"}})

MAX_PAPER_ITEMS = 200
MEDIA = {"pdf": "application/pdf", "hwpx": "application/hwp+zip", "zip": "application/zip"}
ItemIdText = Annotated[str, Field(min_length=1, max_length=200)]
ShortText = Annotated[str, Field(max_length=200)]


class PaperRequest(BaseModel):
    """What the basket's save dialog asks for, as JSON."""

    ids: list[ItemIdText] = Field(min_length=1, max_length=MAX_PAPER_ITEMS,
                                  description="items in the order they are printed")
    format: Literal["pdf", "hwpx"] = "pdf"
    layout: Literal["one-column", "two-column"] = "one-column"
    paper: Literal["A4", "B4"] = "A4"
    answers: Literal["none", "end-page", "separate"] = Field(
        "end-page", description="answers on a new page after the questions, in a separate file, or none")
    variants: list[Annotated[str, Field(pattern=r"^[A-Za-z가-힣0-9]{1,3}$")]] = Field(
        default_factory=list, max_length=4, description="e.g. [\"A\", \"B\"]: shuffled question order")
    shuffle_choices: bool = False
    seed: int = Field(0, ge=0, le=2**31 - 1)
    title: ShortText = ""
    school: ShortText = ""
    subject: ShortText = ""
    grade: ShortText = ""
    date: ShortText = ""
    creator: ShortText = ""
    writing: Literal["box", "lines"] = "box"
    writing_mm: float = Field(40.0, ge=5, le=200, description="height of the 서술형 writing space")

    def options(self) -> PaperOptions:
        return PaperOptions(title=self.title, school=self.school, subject=self.subject, grade=self.grade,
                            date=self.date, creator=self.creator, columns=LAYOUTS[self.layout],
                            paper=self.paper, answers=self.answers, variants=tuple(self.variants),
                            shuffle_choices=self.shuffle_choices, seed=self.seed, writing=self.writing,
                            writing_mm=self.writing_mm)


@router.post("/papers", response_class=FileResponse, summary="a printable worksheet (PDF or HWPX) of items",
             responses={200: {"content": {m: {"schema": {"type": "string", "format": "binary"}}
                                          for m in MEDIA.values()},
                              "description": "the paper; a zip when it is several files"}})
def make_paper(body: PaperRequest, ctx: Annotated[ServerContext, Depends(get_context)]) -> FileResponse:
    work = Path(tempfile.mkdtemp(prefix="paper-", dir=ctx.uploads_dir))
    try:
        name = _safe_name(body.title) or "paper"
        result = ctx.bank.export_paper(work / f"{name}.{body.format}", body.ids, body.options(), body.format)
        if len(result.files) == 1:
            path, media = result.files[0], MEDIA[body.format]
        else:
            path, media = _zip_files(result.files, work / f"{name}.zip"), MEDIA["zip"]
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return FileResponse(path, media_type=media, filename=path.name,
                        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True))


def _zip_files(files: list[Path], target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.name)
    return target


def _safe_name(title: str) -> str:
    """The title as a file name a Windows PC accepts (the download's name), "" when nothing is left."""
    kept = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip(" ._")
    return kept[:60]
