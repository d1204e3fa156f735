"""The command line shared by the benchmarks that read `../shared/datasets`: the folder (optional,
a path given), `-v` where a script lists its cases, and `--help` showing the script's docstring."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT = Path("../shared/datasets")


def parse(doc: str | None, verbose: bool = False) -> argparse.Namespace:
    """The arguments of a benchmark described by `doc`: `datasets` (a folder that exists, else one
    line of error and exit status 2) and, with `verbose`, `-v`."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="?", type=Path, default=DEFAULT, help=f"the datasets folder ({DEFAULT})")
    if verbose:
        parser.add_argument("-v", "--verbose", action="store_true", help="list each case")
    args = parser.parse_args()
    if not args.datasets.is_dir():
        parser.error(f"{args.datasets}: no such folder (the shared datasets, ../shared/datasets from the project)")
    return args
