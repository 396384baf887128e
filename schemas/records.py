"""The record contract every part shares (../shared/DESIGN.md, "The record").

Extraction builds plain dicts; `validate_article` turns them into these models, one
district at a time, so one bad district is reported instead of sinking the article.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Literal

import us
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from schemas.taxonomy import initiative_ids

USPS = frozenset(s.abbr for s in us.states.STATES_AND_TERRITORIES)
FIELDS = ("name", "alias", "city", "state", "enrollment", "schools", "initiatives", "role", "program")
ROLES = ("recognized", "mentioned")  # ../shared/ANNOTATION.md, "role"


class Evidence(BaseModel):
    """Where one value came from: the exact text, its offsets in the article text, the rule."""
    model_config = ConfigDict(frozen=True)
    field: Literal[FIELDS]  # type: ignore[valid-type]
    value: str
    text: str
    start: int = Field(ge=0)
    end: int
    rule: str = Field(min_length=1)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Evidence":
        if self.end <= self.start:
            raise ValueError(f"evidence end {self.end} is not after start {self.start}")
        article = (info.context or {}).get("text")
        if article is not None and article[self.start:self.end] != self.text:
            raise ValueError(f"evidence {self.text!r} is not the article text at {self.start}:{self.end}")
        return self


class DistrictRecord(BaseModel):
    name: str = Field(min_length=2)
    aliases: list[str] = []
    city: str | None = None
    state: str | None = None
    enrollment: int | None = Field(default=None, ge=1, le=2_000_000)
    schools: int | None = Field(default=None, ge=1, le=2_000)
    initiatives: list[str] = []
    # "recognized" needs its cue as evidence (field "role"); "mentioned" is what is left
    role: Literal[ROLES] = "mentioned"  # type: ignore[valid-type]
    evidence: list[Evidence] = []

    @field_validator("state")
    @classmethod
    def _usps(cls, v: str | None) -> str | None:
        if v is not None and v not in USPS:
            raise ValueError(f"{v!r} is not a USPS state code")
        return v

    @field_validator("initiatives")
    @classmethod
    def _taxonomy(cls, v: list[str]) -> list[str]:
        unknown = sorted(set(v) - initiative_ids())
        if unknown:
            raise ValueError(f"initiative ids not in the taxonomy: {unknown}")
        return v

    @model_validator(mode="after")
    def _every_value_has_evidence(self) -> "DistrictRecord":
        have = {(e.field, e.value) for e in self.evidence}
        wanted = [("name", self.name)] + [("alias", a) for a in self.aliases]
        wanted += [(f, str(getattr(self, f))) for f in ("city", "state", "enrollment", "schools")
                   if getattr(self, f) is not None]
        wanted += [("initiatives", i) for i in self.initiatives]
        wanted += [("role", self.role)] if self.role == "recognized" else []
        missing = [f"{f}={v!r}" for f, v in wanted if (f, v) not in have]
        if missing:
            raise ValueError(f"values without evidence: {', '.join(missing)}")
        return self


class ArticleRecord(BaseModel):
    article_id: str
    source: str
    title: str | None = None
    published: date | None = None
    program: str | None = None
    text_sha256: str
    fetched_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    extractor_version: str
    districts: list[DistrictRecord] = []
    evidence: list[Evidence] = []  # article-level values (program)
    text: str = Field(default="", exclude=True, repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str | None = None) -> "ArticleRecord":
        return cls.model_validate({**data, "text": text or data.get("text", "")},
                                  context={"text": text})

    def as_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def validate_article(data: dict[str, Any], text: str) -> tuple[ArticleRecord, list[str]]:
    """Validate an extracted article; invalid districts are left out and reported as reasons.

    Raises ValidationError only when the article-level fields themselves are invalid.
    """
    good, reasons = [], []
    for d in data.get("districts", []):
        try:
            good.append(DistrictRecord.model_validate(d, context={"text": text}))
        except ValidationError as exc:
            reasons.append(f"district {d.get('name')!r}: " + _short(exc))
    article = ArticleRecord.model_validate({**data, "districts": [], "text": text},
                                           context={"text": text})
    article.districts = good
    return article, reasons


def _short(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())


class Reject(BaseModel):
    """Something that could not become a record: which source, at which stage, and why."""
    source: str
    stage: Literal["source", "fetch", "text", "extract", "validate", "load"]
    reason: str
    rejected_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
