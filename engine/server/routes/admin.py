"""Admin routes: import uploads, index builds, the active profile, and the jobs that run them.

Imports and index builds can take minutes, so they run as background jobs (202 + a job id to poll);
searches keep being answered meanwhile. Listing profiles is open to read tokens: a client needs it
to offer a profile choice.
"""

from __future__ import annotations

import shutil
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, File, Form, HTTPException, Path, Response, UploadFile, status

from engine.api import KEYWORD_PROFILE, LITE_PROFILE, ModelUnavailableError, ProfileError
from engine.server.auth import require_admin, require_read
from engine.server.context import ServerContext, get_context
from engine.server.errors import COMMON_ERRORS
from engine.server.jobs import Job
from engine.server.schemas import (
    ActiveProfileRequest,
    ActiveProfileResponse,
    ErrorResponse,
    IndexRequest,
    IndexStatusResponse,
    JobList,
    JobOut,
    ProfileIndexStatus,
    ProfileOut,
    ProfilesResponse,
)
from engine.server.uploads import display_report, display_text, refuse_escaping_images, save_upload
from engine.server.views import job_out

admin = APIRouter(prefix="/api/v1", tags=["admin"], dependencies=[Depends(require_admin)],
                  responses=COMMON_ERRORS)
reader = APIRouter(prefix="/api/v1", tags=["profiles"], dependencies=[Depends(require_read)],
                   responses=COMMON_ERRORS)

Context = Annotated[ServerContext, Depends(get_context)]
NOT_FOUND = {status.HTTP_404_NOT_FOUND: {"model": ErrorResponse, "description": "no such job or profile"}}
CONFLICT = {status.HTTP_409_CONFLICT: {"model": ErrorResponse,
                                       "description": "the profile cannot be used or indexed here"}}


def _accepted(job: Job, response: Response) -> JobOut:
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job_out(job.snapshot())


# -- import ------------------------------------------------------------------------------------
@admin.post("/import", response_model=JobOut, status_code=status.HTTP_202_ACCEPTED,
            responses={status.HTTP_413_CONTENT_TOO_LARGE: {"model": ErrorResponse,
                                                           "description": "file over the size limit"}},
            summary="import items from an uploaded file: CSV, JSONL, 한글 paper, Moodle XML, QTI (background job)")
def import_items(ctx: Context, response: Response,
                 file: Annotated[UploadFile, File(description="CSV (UTF-8 or CP949), JSONL, HWPX/HWP paper, "
                                                              "Moodle XML or a QTI zip")],
                 format: Annotated[Literal["auto", "jsonl", "csv", "hwpx", "hwp", "qti", "moodle"],
                                   Form()] = "auto",
                 dry_run: Annotated[bool, Form(description="validate and report, write nothing")] = False,
                 subject: Annotated[str, Form(max_length=50, description=(
                     "과목 for items the file does not name, e.g. 수학"))] = "",
                 grade: Annotated[str, Form(max_length=20, description="학년 default, e.g. 중2")] = "",
                 accept_split: Annotated[bool, Form(description=(
                     "import a paper whose split into questions the dry run called unsure"))] = False,
                 ) -> JobOut:
    saved, fmt = save_upload(file, ctx.uploads_dir, format, ctx.config.max_import_bytes)
    original = saved.name

    def run(job: Job) -> dict:
        refuse_escaping_images(saved, fmt)
        report = ctx.bank.import_path(saved, fmt, dry_run=dry_run, progress=job.progress,
                                      should_cancel=job.should_cancel, subject=subject or None,
                                      grade=grade or None, accept_split=accept_split)
        return display_report(report.to_dict(), saved, original)

    job = ctx.jobs.submit("import", {"file": original, "format": fmt, "dry_run": dry_run}, run,
                          cleanup=lambda: shutil.rmtree(saved.parent, ignore_errors=True),
                          redact=lambda text: display_text(text, saved, original))
    return _accepted(job, response)


# -- index ---------------------------------------------------------------------------------------
def _index_target(ctx: ServerContext, requested: str | None) -> str:
    """The profile an index build is for, checked now so that a bad request fails fast."""
    bank = ctx.bank
    name = requested or (bank.profiles.active_name() if bank.profiles.active_name() != KEYWORD_PROFILE
                         else LITE_PROFILE)
    if name == KEYWORD_PROFILE:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            "the keyword profile needs no index build; it is always up to date")
    try:
        bank.profiles.definition(name)
    except ProfileError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    reason = bank.profiles.unavailable_reason(name)
    if reason:
        raise ModelUnavailableError(reason)
    return name


@admin.post("/index", response_model=JobOut, status_code=status.HTTP_202_ACCEPTED,
            responses={**NOT_FOUND, **CONFLICT},
            summary="build or update a profile's index (background job; an unfinished one is reused)")
def build_index(ctx: Context, response: Response,
                request: Annotated[IndexRequest | None, Body()] = None) -> JobOut:
    name = _index_target(ctx, request.profile if request else None)

    def run(job: Job) -> dict:
        return ctx.bank.profiles.build_index(name, progress=job.progress, should_cancel=job.should_cancel,
                                    batch_size=ctx.config.index_batch).to_dict()

    job, _ = ctx.jobs.submit_unique("index", {"profile": name}, run)
    return _accepted(job, response)


@reader.get("/index/status", response_model=IndexStatusResponse, summary="how complete each index is")
def index_status(ctx: Context) -> IndexStatusResponse:
    items = ctx.bank.catalog.count()
    running = {job.params.get("profile"): job.id for job in ctx.jobs.active("index")}
    rows = [ProfileIndexStatus(name=row["name"], indexed=row["indexed"], items=items,
                               up_to_date=row["indexed"] == items, available=row["available"],
                               reason=row["reason"], active=row["active"], job_id=running.get(row["name"]))
            for row in ctx.bank.profiles.status()]
    return IndexStatusResponse(items=items, active=ctx.bank.profiles.active_name(), profiles=rows)


# -- profiles --------------------------------------------------------------------------------------
@reader.get("/profiles", response_model=ProfilesResponse, summary="retrieval profiles and which is active")
def profiles(ctx: Context) -> ProfilesResponse:
    rows = ctx.bank.profiles.status()
    return ProfilesResponse(active=ctx.bank.profiles.active_name(),
                            profiles=[ProfileOut.model_validate(row) for row in rows])


@admin.put("/profiles/active", response_model=ActiveProfileResponse, responses={**NOT_FOUND, **CONFLICT},
           summary="switch every client to another profile (instant; roll back the same way)")
def use_profile(ctx: Context, request: ActiveProfileRequest) -> ActiveProfileResponse:
    known = {row["name"]: row for row in ctx.bank.profiles.status()}
    row = known.get(request.name)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no profile named {request.name!r}")
    if not row["available"]:
        raise HTTPException(status.HTTP_409_CONFLICT, row["reason"])
    started = time.perf_counter()
    try:
        ctx.bank.profiles.use(request.name)
    except ProfileError as exc:  # e.g. not indexed yet
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return ActiveProfileResponse(active=request.name,
                                 switch_ms=round((time.perf_counter() - started) * 1000, 2))


# -- jobs -------------------------------------------------------------------------------------------
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def _job(ctx: ServerContext, job_id: str) -> Job:
    job = ctx.jobs.get(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND,
                            f"no job {job_id} (finished jobs are forgotten after a restart)")
    return job


@admin.get("/jobs", response_model=JobList, summary="recent jobs, newest first")
def jobs(ctx: Context) -> JobList:
    return JobList(jobs=[job_out(job.snapshot()) for job in ctx.jobs.all()])


@admin.get("/jobs/{job_id}", response_model=JobOut, responses=NOT_FOUND,
           summary="a job's state, progress and, once finished, its report")
def job(ctx: Context, job_id: JobId) -> JobOut:
    return job_out(_job(ctx, job_id).snapshot())


@admin.delete("/jobs/{job_id}", response_model=JobOut, status_code=status.HTTP_202_ACCEPTED,
              responses=NOT_FOUND, summary="ask a queued or running job to stop (nothing half-written)")
def cancel_job(ctx: Context, job_id: JobId) -> JobOut:
    _job(ctx, job_id)
    return job_out(ctx.jobs.cancel(job_id).snapshot())
