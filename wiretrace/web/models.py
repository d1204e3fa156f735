"""Request bodies of the JSON API, as pydantic models (they also make the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from wiretrace.ingest import MAX_BYTES, publication_date

_META = 2048  # metadata fields: titles, bylines, dates, URLs and ids are short
#: Ids are printable text: no control characters (the index keeps one with NUL for its own use).
ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"


def published_date(value: str) -> str:
    """`value` as the index orders articles by it (`ingest.publication_date`): the API's `published`
    field and the Search form's date field read it as `index add` reads a record's.

    Raises:
        ValueError: not a date, or after today (the message says how to write one).
    """
    try:
        return publication_date(value)
    except ValueError as why:
        raise ValueError(f"{value!r} {why}") from None


class ArticleIn(BaseModel):
    """An article given inline (`text` or `html`, with optional metadata) or by `id` alone.

    With `text` or `html` the article is extracted as `wiretrace extract` would; `id` alone
    names an article already in the index (where the endpoint allows it).
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "Rain hit the town on Monday. Roads were closed.", "title": "Rain"}]},
    )

    id: str | None = Field(
        None, min_length=1, max_length=_META, pattern=ID_PATTERN, description="Article id (indexed, or to assign)."
    )
    text: str | None = Field(None, max_length=MAX_BYTES, description="Plain text of the article.")
    html: str | None = Field(None, max_length=MAX_BYTES, description="The article's HTML page.")
    title: str | None = Field(None, max_length=_META)
    byline: str | None = Field(None, max_length=_META)
    published: str | None = Field(
        None, max_length=64, description="ISO date or datetime (or an RFC 2822 date, as feeds write them)."
    )
    site: str | None = Field(None, max_length=_META)
    url: str | None = Field(None, max_length=_META)

    @field_validator("id", mode="before")
    @classmethod
    def _a_numeric_id(cls, value: Any) -> Any:
        """A whole number is an id as `index add` reads one from JSON Lines (12345 -> '12345')."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("published")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        """A date the index can order articles by (`published_date`), else a 422."""
        if value is not None:
            published_date(value)
        return value

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        """Text and HTML together are two articles, or one twice: which was meant is a guess."""
        if (self.text or "").strip() and (self.html or "").strip():
            raise ValueError("give 'text' or 'html', not both")
        return self

    def inline(self) -> bool:
        """Whether the article itself is given (text or HTML), not only an id."""
        return bool((self.text or "").strip() or (self.html or "").strip())

    def fields(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class CompareIn(BaseModel):
    """Two articles to compare: `target` is the candidate derived from `source`."""

    model_config = ConfigDict(extra="forbid")

    source: ArticleIn
    target: ArticleIn


class ArticlesIn(BaseModel):
    """Articles to add to the index."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, description="Each with `text` or `html`.")
    keep_versions: StrictBool = Field(  # "no" or "false" read as a boolean would hide a client's bug
        False,
        description="Other text under an indexed id is stored as its next version (`ID#v2`, ...) "
        "instead of being rejected (as `index add --keep-versions`).",
    )


class ErrorOut(BaseModel):
    """Every error of the API: one line naming the field or input and the reason."""

    error: str = Field(description="What went wrong, e.g. 'article: no such article id'.")
