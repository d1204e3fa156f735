"""wiretrace: trace copied, edited and AI-rewritten news back to its source.

The Python API mirrors the CLI (docs/python.md): `read_path`/`from_text`/`from_html` extract an
article, `Comparer().compare(source, target)` explains how one derives from the other (or
`compare(source, target, load())` with an `Embedder` loaded once), and `comparison_dict` gives
the documented JSON form. `Index` is the corpus index of `wiretrace index add`, `query`,
`stories` and `sites`; `query_dict`, `story_dict`, `link_dict` and `sites_dict` give their JSON
forms. The index's modules (DuckDB, the neighbour graph) load when `Index` is first used.
"""

# isort: off
# first, and no `from __future__ import annotations` before it: that loads the `__future__` module
from wiretrace import _loading  # noqa: F401  first: a Ctrl-C while the rest loads is one line (the command's)

# isort: on
import logging
from typing import Any

from wiretrace.compare import Comparer, compare
from wiretrace.embed import Embedder, load
from wiretrace.errors import ConfigError, InputError, MissingDependencyError, WiretraceError
from wiretrace.ingest import from_html, from_record, from_text, read_bytes, read_path, read_string
from wiretrace.model import Article, Change, Comparison, Link, Sentence, Unsupported, Verdict
from wiretrace.schema import COMPARE_SCHEMA, comparison_dict

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Names imported on first use (PEP 562): comparing two articles needs no database.
_LAZY = {
    "Index": "wiretrace.engines.local",
    "AddReport": "wiretrace.engines.local",
    "QueryResult": "wiretrace.engines.local",
    "Match": "wiretrace.engines.local",
    "query_dict": "wiretrace.schema",
    "story_dict": "wiretrace.schema",
    "link_dict": "wiretrace.schema",
    "sites_dict": "wiretrace.schema",
    "StoreError": "wiretrace.store",
    "IndexBusy": "wiretrace.store",
    "DerivedLink": "wiretrace.cluster",
    "Story": "wiretrace.cluster",
    "SitesReport": "wiretrace.sites",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'wiretrace' has no attribute {name!r}")


__all__ = [
    "COMPARE_SCHEMA",
    "AddReport",
    "Article",
    "Change",
    "Comparer",
    "Comparison",
    "ConfigError",
    "DerivedLink",
    "Embedder",
    "Index",
    "IndexBusy",
    "InputError",
    "Link",
    "Match",
    "MissingDependencyError",
    "QueryResult",
    "Sentence",
    "SitesReport",
    "StoreError",
    "Story",
    "Unsupported",
    "Verdict",
    "WiretraceError",
    "__version__",
    "compare",
    "comparison_dict",
    "from_html",
    "from_record",
    "from_text",
    "link_dict",
    "load",
    "query_dict",
    "read_bytes",
    "read_path",
    "read_string",
    "sites_dict",
    "story_dict",
]
