"""Response and request bodies of the REST API, so the OpenAPI document says exactly what comes back."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SearchMode = Literal["auto", "keyword", "semantic", "hybrid"]
JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]
PROFILE_NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"


class ErrorResponse(BaseModel):
    detail: str = Field(description="one sentence saying what went wrong and what to do")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="for invalid parameters: one entry per problem (location, message)")


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    items: int = Field(description="items in the bank")
    search_modes: list[str] = Field(description="modes usable now (semantic ones need an indexed profile)")
    active_profile: str
    auth: Literal["open", "token"] = Field(description="open: no token needed (loopback, no tokens "
                                                       "created); token: send Authorization: Bearer")


class ImageRef(BaseModel):
    sha256: str
    url: str = Field(description="the original figure")
    thumbnail_url: str = Field(description="a PNG thumbnail (256 px by default)")


class ItemOut(BaseModel):
    id: str
    subject: str
    grade: str
    unit: str
    standard: str = Field(description="성취기준 code, e.g. [9수02-01]")
    difficulty: str = Field(description="상, 중, 하 or empty")
    type: str = Field(description="객관식, 단답형, 서술형 or empty")
    stem: str
    passage: str
    choices: list[str]
    answer: str
    explanation: str
    source: str
    tags: list[str]
    images: list[ImageRef] = Field(description="the question's figures")
    explanation_images: list[ImageRef] = Field(default_factory=list,
                                               description="the 해설's figures (never searched)")
    version: int


class HitOut(BaseModel):
    id: str
    rank: int
    score: float
    explain: dict[str, Any] = Field(description="per stage (keyword, semantic, fusion…) why it was found")
    item: ItemOut


class SearchResponse(BaseModel):
    mode: str = Field(description="keyword, semantic or hybrid (search); semantic or text (similar)")
    profile: str = Field(description="the profile whose index answered")
    count: int
    hits: list[HitOut]
    fallback: str = Field("", description="why a semantic search ran by keyword instead (a damaged index "
                                          "being rebuilt); empty when it did not")


class ProfileOut(BaseModel):
    name: str
    model: str
    dim: int | None
    index_dtype: str | None = None
    precision: str | None = None
    indexed: int = Field(description="items in this profile's index")
    generation: int | None = None
    available: bool = Field(description="whether its model can run on this server")
    reason: str = Field(description="why not, when not available")
    active: bool


class ProfilesResponse(BaseModel):
    active: str
    profiles: list[ProfileOut]


class ActiveProfileRequest(BaseModel):
    name: str = Field(min_length=1, max_length=64, pattern=PROFILE_NAME_PATTERN,
                      examples=["lite", "keyword"])


class ActiveProfileResponse(BaseModel):
    active: str
    switch_ms: float


class IndexRequest(BaseModel):
    profile: str | None = Field(default=None, min_length=1, max_length=64, pattern=PROFILE_NAME_PATTERN,
                                description="default: the active profile, else lite")


class ProfileIndexStatus(BaseModel):
    name: str
    indexed: int
    items: int
    up_to_date: bool = Field(description="every item of the bank is in this profile's index")
    available: bool
    reason: str
    active: bool
    job_id: str | None = Field(description="the queued or running index job of this profile")


class IndexStatusResponse(BaseModel):
    items: int
    active: str
    profiles: list[ProfileIndexStatus]


class JobProgress(BaseModel):
    done: int
    total: int | None = Field(description="unknown until the job has looked at its input")


class SkippedRowOut(BaseModel):
    file: str
    row: int
    field: str
    reason: str


class DuplicateRowOut(BaseModel):
    file: str
    row: int
    existing_id: str


class UpdatedRowOut(BaseModel):
    file: str
    row: int
    id: str


class ImportReportOut(BaseModel):
    path: str = Field(description="the uploaded file's name")
    format: str
    dry_run: bool
    cancelled: bool
    imported: int
    imported_ids: list[str]
    updated: list[UpdatedRowOut]
    skipped: list[SkippedRowOut]
    duplicates: list[DuplicateRowOut]
    warnings: list[str]


class IndexReportOut(BaseModel):
    profile: str
    embedded: int
    reused: int
    removed: int
    indexed: int
    truncated: int
    rebuilt: bool
    rebuild_reason: str
    cancelled: bool
    seconds: float
    items_per_s: float


class JobOut(BaseModel):
    id: str
    kind: Literal["import", "index"]
    state: JobState
    params: dict[str, Any]
    progress: JobProgress
    created_at: str
    started_at: str | None
    finished_at: str | None
    report: ImportReportOut | IndexReportOut | None = Field(description="set once the job finished")
    error: str | None = Field(description="why the job failed")
    cancel_requested: bool


class JobList(BaseModel):
    jobs: list[JobOut]
