"""wiretrace: trace copied, edited and AI-rewritten news back to its source.

The Python API mirrors the CLI: `read_path`/`from_text`/`from_html` extract an article,
`Comparer().compare(source, target)` explains how one derives from the other (or
`compare(source, target, load())` with an `Embedder` loaded once), and `comparison_dict` gives
the documented JSON form.
"""

from __future__ import annotations

import logging

from wiretrace.compare import Comparer, compare
from wiretrace.embed import Embedder, load
from wiretrace.errors import InputError, WiretraceError
from wiretrace.ingest import from_html, from_record, from_text, read_bytes, read_path, read_string
from wiretrace.model import Article, Comparison, Sentence
from wiretrace.schema import COMPARE_SCHEMA, comparison_dict

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "COMPARE_SCHEMA",
    "Article",
    "Comparer",
    "Comparison",
    "Embedder",
    "InputError",
    "Sentence",
    "WiretraceError",
    "__version__",
    "compare",
    "comparison_dict",
    "from_html",
    "from_record",
    "from_text",
    "load",
    "read_bytes",
    "read_path",
    "read_string",
]
