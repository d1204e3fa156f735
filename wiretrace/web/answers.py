"""The JSON API's answers, as pydantic models: for the OpenAPI schema only, never to build or check
an answer at run time.

`wiretrace.schema` builds every answer (the one source of truth); these models describe what it
builds, field for field, so client generators have types to make. Routes attach them with
`responses={200: {"model": ...}}`, not `response_model`, which would validate and serialise each
answer again (slower, and a field a model lacked would be dropped without a word). The tests
validate real answers against them, strict and with `extra="forbid"`, so they cannot drift from
the code; the schema they publish leaves objects open all the same (no `additionalProperties:
false`), as fields may be added within a schema id (docs/index-json.md) and a client generated
from a closed schema would refuse them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _open(schema: dict[str, Any]) -> None:
    """An answer's JSON schema without `additionalProperties: false`: fields may be added within /1."""
    schema.pop("additionalProperties", None)


class Answer(BaseModel):
    """Base of the answer models: strict and closed for the tests, open in the published schema."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_open)


Share = Annotated[float, Field(ge=0, le=1)]


# -- the fixed value sets: each one named schema in the components, so a client generator makes
# one type for it, not one per field (`Relation1`, `Relation2`, ...) as it does for inline enums.
# Enums, not Literals: a Literal is written inline wherever it is used. The answers carry the
# values as strings, which the tests' strict validation of the JSON text accepts for an enum.


class Relation(StrEnum):
    """How one article relates to another (`verdict.relation`): `unrelated` below a score of 0.5."""

    COPY = "copy"
    EDITED_COPY = "edited-copy"
    REWRITE = "rewrite"
    UNRELATED = "unrelated"


class DerivedRelation(StrEnum):
    """The relation of a verified link: how its target derives from its source."""

    COPY = "copy"
    EDITED_COPY = "edited-copy"
    REWRITE = "rewrite"


class MemberRelation(StrEnum):
    """A story member's relation: `origin` for the family's origin, else that of the link joining it."""

    ORIGIN = "origin"
    COPY = "copy"
    EDITED_COPY = "edited-copy"
    REWRITE = "rewrite"


class LinkKind(StrEnum):
    """How source sentences were carried into target sentences."""

    VERBATIM = "verbatim"
    EDITED = "edited"
    PARAPHRASE = "paraphrase"


class MatchRole(StrEnum):
    """A query match's role: `source` (the queried article derives from it), `derived` (it derives
    from the queried article), `identical` (the same text) or `shares-passages` (passages in common,
    neither derived from the other)."""

    SOURCE = "source"
    DERIVED = "derived"
    IDENTICAL = "identical"
    SHARES_PASSAGES = "shares-passages"


# -- wiretrace.compare/1 (docs/compare-json.md) --------------------------------------------------


class MadeBy(Answer):
    """What produced the answer."""

    wiretrace: str = Field(description="wiretrace's version.")
    model: str | None = Field(description="The sentence model with its package's version ('wordllama 0.4.0.post1').")
    reading: int = Field(description="How inputs were read into text, dates and ids (`ingest.READING`).")


class SentenceOut(Answer):
    """One sentence: `text[start:end]` of its article is its `text`."""

    index: int
    start: int
    end: int
    text: str


class DroppedChromeOut(Answer):
    """A piece of page furniture removed from the text, and why."""

    text: str
    reason: str = Field(description="`byline`, `dateline`, `share`, `ai-leftover`, ... (docs/compare-json.md).")


class ArticleOut(Answer):
    """An article as read: metadata, extracted text, sentences with offsets, dropped chrome."""

    id: str | None = Field(description="The article's id.")
    title: str | None
    byline: str | None
    published: str | None = Field(description="ISO date or datetime, at the precision the input gave.")
    site: str | None
    url: str | None
    text: str = Field(description="The extracted body (page chrome removed).")
    language: str = Field(description="`en`, `de`, `fr`, ..., or a script: `cyrillic`, `cjk`, ..., `other`.")
    sentences: list[SentenceOut]
    dropped_chrome: list[DroppedChromeOut] = Field(description="Page furniture removed from the text.")


class VerdictOut(Answer):
    """The decision: whether the target derives from the source, and how."""

    relation: Relation
    score: Share = Field(description="How strongly the target derives from the source; >= 0.5 means derived.")
    source_coverage: Share = Field(description="Share of source sentences carried into the target.")
    target_coverage: Share = Field(description="Share of target sentences supported by the source.")
    rule: str | None = Field(
        description="The rule that lowered the score (`template`, `thin-evidence`, `new-reporting`, "
        "`other-subject`, `boilerplate`); null when the features' score stands."
    )
    evidence: dict[str, float] = Field(description="The features the decision was taken on, for auditing.")
    caveat: str | None = Field(description="What the verdict cannot say for these texts (language, length); or null.")


class SentenceLinkOut(Answer):
    """Source sentences carried into target sentences (many-to-many for merges and splits)."""

    source: list[int] = Field(description="Source sentence indexes.")
    target: list[int] = Field(description="Target sentence indexes.")
    kind: LinkKind
    score: float = Field(description="Mean sentence-pair score.")


class ChangeOut(Answer):
    """A fact of a source sentence replaced in its linked target sentence."""

    kind: str = Field(description="`quote`, `number`, `name`, `date` or `meaning`; more may be added.")
    source: int = Field(description="Source sentence index.")
    target: int = Field(description="Target sentence index.")
    before: str
    after: str | None = Field(description="Null for a quote turned into reported speech.")


class TitleChangeOut(Answer):
    """A fact a headline edited in place changed."""

    kind: str = Field(description="As a change's `kind`.")
    before: str | None
    after: str | None


class UnsupportedOut(Answer):
    """Facts a target sentence states that appear nowhere in the source."""

    target: int = Field(description="Target sentence index.")
    items: list[str] = Field(description="The names, numbers, dates and quotes.")


class CreditOut(Answer):
    """Whether the target names the outlet the source was published by."""

    names: list[str] = Field(description="What the source's outlet is called.")
    credited: bool
    where: str | None = Field(description="The first place found: `title`, `byline`, `text` or a chrome reason.")
    passage: str | None = Field(description="The line or sentence naming it, cut to 200 characters.")
    instead: str | None = Field(description="Another agency the target credits instead, or null.")


class CompareOut(Answer):
    """Schema `wiretrace.compare/1` (docs/compare-json.md): how `target` derives from `source`."""

    schema_: Literal["wiretrace.compare/1"] = Field(alias="schema", description="Always `wiretrace.compare/1`.")
    made_by: MadeBy = Field(description="What produced it.")
    source: ArticleOut = Field(description="The candidate original.")
    target: ArticleOut = Field(description="The candidate derived article.")
    verdict: VerdictOut = Field(description="The decision.")
    links: list[SentenceLinkOut] = Field(description="Source sentences carried into target sentences.")
    added: list[int] = Field(description="Target sentence indexes with no counterpart in the source.")
    dropped: list[int] = Field(description="Source sentence indexes absent from the target.")
    changes: list[ChangeOut] = Field(description="Facts that differ between linked sentences.")
    unsupported: list[UnsupportedOut] = Field(description="Target sentences stating facts found nowhere in the source.")
    title_changes: list[TitleChangeOut] = Field(description="Facts a headline edited in place changed.")
    credit: CreditOut | None = Field(description="Null when the source's outlet is not known, or both are one's.")


# -- wiretrace.story/1, wiretrace.query/1, wiretrace.sites/1 (docs/index-json.md) ------------------


class StoryMemberOut(Answer):
    """A member of a story family, by its relation to the origin."""

    id: str
    title: str | None
    site: str | None
    published: str | None
    relation: MemberRelation = Field(description="That of the link joining it to the family.")
    score: Share = Field(description="That link's verdict score.")
    coverage: Share = Field(description="Share of the member's sentences the joining link finds in the other.")
    via: str | None = Field(description="The member it derives from when not the origin.")
    source_of: str | None = Field(
        description="For a member joined only as a link's source: the member derived from it."
    )


class StoryLinkOut(Answer):
    """A verified link: `target` derives from `source`, the article judged original in the pair."""

    source: str
    target: str
    relation: DerivedRelation
    score: Share
    source_coverage: Share
    target_coverage: Share
    reason: str = Field(description="Why `source` is taken as the original: `earlier published date`, ...")


class StoryOut(Answer):
    """Schema `wiretrace.story/1` (docs/index-json.md): a story family."""

    schema_: Literal["wiretrace.story/1"] = Field(alias="schema", description="Always `wiretrace.story/1`.")
    id: str = Field(description="The story id: its origin's article id.")
    origin: str
    reason: str = Field(description="Why the origin was chosen.")
    headline: str | None = Field(description="What the family is called where it is listed.")
    size: int = Field(description="How many members.")
    members: list[StoryMemberOut] = Field(description="Origin first, then by `published`.")
    links: list[StoryLinkOut] = Field(description="The verified links inside the family.")


class StoriesOut(Answer):
    """A page of story families, largest first."""

    total: int = Field(description="How many families match the filters.")
    limit: int
    offset: int
    stories: list[StoryOut] = Field(description="This page's families (`wiretrace.story/1`).")


class QueryArticleOut(Answer):
    """The queried article."""

    id: str | None
    title: str | None
    sentences: int = Field(description="How many sentences it holds.")


class MatchOut(Answer):
    """An indexed article related to the queried one."""

    id: str
    role: MatchRole = Field(description="How it relates to the queried article.")
    relation: Relation
    score: Share
    title: str | None
    site: str | None
    published: str | None
    reason: str = Field(description="Why the link runs that way, as a story link's `reason`.")
    credited: bool | None = Field(
        description="Whether the derived one of the two names the other's outlet; null for other roles, or not known."
    )
    credit_where: str | None
    credit_passage: str | None
    credits_instead: str | None


class QueryOut(Answer):
    """Schema `wiretrace.query/1` (docs/index-json.md): what an article derives from and what from it."""

    schema_: Literal["wiretrace.query/1"] = Field(alias="schema", description="Always `wiretrace.query/1`.")
    article: QueryArticleOut = Field(description="The queried article.")
    matches: list[MatchOut] = Field(description="Best score first.")
    story: StoryOut | None = Field(description="The family of the best match that has one.")


class SiteOut(Answer):
    """One site: its articles and how many of them derive from another article."""

    site: str
    articles: int
    derived: int
    share: Share = Field(description="`derived` / `articles`.")
    ai_leftovers: int = Field(description="Its articles carrying a chatbot's words around their text.")
    hidden_characters: int = Field(
        description="Its articles whose words were disguised (zero-width characters, look-alike letters)."
    )


class SiteEdgeOut(Answer):
    """`links` articles of `target_site` derive from articles of `source_site`."""

    source_site: str
    target_site: str
    links: int
    credited: int | None = Field(description="How many credit the source site's outlet (with `credits`; else null).")
    uncredited: int | None = Field(description="How many do not (with `credits`; else null).")
    against_content: int = Field(description="How many are linked in date order though the content reads otherwise.")


class SitesOut(Answer):
    """Schema `wiretrace.sites/1` (docs/index-json.md): who copies whom."""

    schema_: Literal["wiretrace.sites/1"] = Field(alias="schema", description="Always `wiretrace.sites/1`.")
    sites: list[SiteOut] = Field(description="Most derived share first.")
    edges: list[SiteEdgeOut] = Field(description="Heaviest first.")


# -- wiretrace.add/1 (docs/cli.md, "wiretrace index") --------------------------------------------


class RejectedOut(Answer):
    """An input that was not added."""

    where: str = Field(description="Where it was read (`articles[2] (ID)`).")
    reason: str


class AddOut(Answer):
    """Schema `wiretrace.add/1` (docs/cli.md) and the ids the articles are stored under."""

    schema_: Literal["wiretrace.add/1"] = Field(alias="schema", description="Always `wiretrace.add/1`.")
    added: int = Field(description="How many new article ids.")
    identical: int = Field(description="How many of those are identical copies of text already indexed.")
    duplicates: int = Field(description="How many were skipped: the same text again under an indexed id or address.")
    duplicate_of: dict[str, str] = Field(description="Each skipped duplicate's id: the indexed id holding its text.")
    links: int = Field(description="How many verified links were added.")
    set_aside: int = Field(description="How many links the event check set aside.")
    judged_again: int = Field(description="How many stored links were judged again.")
    versions: list[str] = Field(description="Ids given to new text under a taken id (`ID#v2`).")
    restated: list[str] = Field(description="Ids of duplicates giving their indexed article other metadata.")
    skipped: dict[str, int] = Field(description="Records holding no article, by kind.")
    rejected: list[RejectedOut] = Field(description="The inputs not added, each with the reason.")
    ids: list[str] = Field(description="The ids the request's articles are stored under, in order.")


# -- GET /api/export?format=jsonl: one object a line (docs/cli.md, "wiretrace export") -------------


class ExportArticleRow(Answer):
    """A row of the articles export: one per indexed id."""

    id: str
    title: str | None
    byline: str | None
    published: str | None
    site: str | None
    url: str | None
    content_hash: str = Field(description="BLAKE2b (128 bits, hex) of the text, whitespace runs as single spaces.")
    copy_of: str | None = Field(description="For an identical copy, the id holding its text.")
    text: str


class ExportLinkRow(Answer):
    """A row of the links export: a verified link with its credit and both ends' metadata."""

    source: str
    target: str
    relation: DerivedRelation
    score: Share
    source_coverage: Share
    target_coverage: Share
    reason: str
    against_content: bool = Field(description="The link runs in date order though the content reads otherwise.")
    credited: bool | None = Field(description="Whether the target names the source's outlet; null when not known.")
    credit_where: str | None
    credit_passage: str | None
    credits_instead: str | None
    source_site: str | None
    source_published: str | None
    source_url: str | None
    source_title: str | None
    target_site: str | None
    target_published: str | None
    target_url: str | None
    target_title: str | None


class ExportMemberRow(Answer):
    """A row of the stories export: one per story member."""

    story: str
    origin: str
    origin_reason: str
    member: str
    relation: MemberRelation
    score: Share
    coverage: Share
    via: str | None
    source_of: str | None
    published: str | None
    site: str | None
    title: str | None


#: The row model of each `what` of the JSON Lines export.
EXPORT_ROWS: dict[str, type[Answer]] = {
    "articles": ExportArticleRow,
    "links": ExportLinkRow,
    "stories": ExportMemberRow,
}
