"""Imported first by the package: under the `wiretrace` command, a Ctrl-C while its modules load
ends it with one line and status 130, not the import's traceback. `cli.run` gives Python's own
handler back (`restore`) before any command runs. Only the interpreter's own start comes before."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _end_on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"wiretrace: interrupted\n")
    os._exit(130)


def restore() -> None:
    """Ctrl-C as Python raises it (KeyboardInterrupt), once the command's modules are loaded."""
    if signal.getsignal(signal.SIGINT) is _end_on_ctrl_c:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# the command ('wiretrace', or 'python -m wiretrace[.cli]', argv[0] being '-m' while the package
# loads), and Ctrl-C not ignored (a background job's is)
if (os.path.basename(sys.argv[0]) if sys.argv else "") in ("wiretrace", "-m") and (
    signal.getsignal(signal.SIGINT) is signal.default_int_handler
):
    signal.signal(signal.SIGINT, _end_on_ctrl_c)
