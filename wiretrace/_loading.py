"""Imported first by the package: under the `wiretrace` command, a Ctrl-C while its modules load
ends it with one line and status 130, not the import's traceback. `cli.run` gives Python's own
handler back (`restore`) before any command runs. Only the interpreter's own start comes before."""

# `_signal`, not `signal`, and no `typing` or `__future__`: importing them loads modules (`enum`
# 2 to 7 ms) before the handler below is set, time in which a Ctrl-C printed a traceback
import _signal as signal
import os
import sys


def _end_on_ctrl_c(signum: int, frame: object) -> None:
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
