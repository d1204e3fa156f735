"""Exceptions raised by wiretrace: one base class, a few precise subclasses."""

from __future__ import annotations

import json


class WiretraceError(Exception):
    """Base class of every error wiretrace raises on purpose."""


class InputError(WiretraceError):
    """An input document could not be read or holds no article.

    The message always names the input (path or record id) and the reason, so the CLI can
    print it as one line.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ListPage(InputError):
    """A page that lists other pages (a site's front, a section or tag page): no article, and in a
    crawl one of many such pages by design, so a crawl reader counts it as skipped, not rejected."""


class AccessWall(InputError):
    """A page that stands between a reader and the article (a bot check, 'enable cookies and
    JavaScript', 'Access denied'): no article now, though the same address may serve one later."""


class ConfigError(WiretraceError):
    """A setting is out of range or inconsistent; the message says how to fix it."""


class MissingDependencyError(WiretraceError):
    """An optional part is not installed; the message names the pip command to run."""


def json_problem(exc: json.JSONDecodeError, where: str = "column", lines_before: int = 0) -> str:
    """What is wrong with a JSON text, in words: the decoder's message and its place ('line' or
    'column'; `lines_before` the lines of the input read before the decoded text). Its message for
    a control character ends in 'at' already."""
    place = exc.lineno + lines_before if where == "line" else exc.colno
    return f"{exc.msg.removesuffix(' at')} at {where} {place}"


def unreadable_json(exc: RecursionError | ValueError) -> str:
    """Why JSON that is valid could not be read: nested past Python's recursion limit, or a number
    of more digits than Python converts to an integer (4,300: a guard against slow conversions)."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    if "digits" in str(exc):
        return "a JSON number too long to read (over 4,300 digits)"
    return f"JSON that cannot be read ({exc})"
