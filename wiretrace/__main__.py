"""`python -m wiretrace`: the `wiretrace` command, for an environment whose scripts are not on PATH."""

from wiretrace.cli import run

if __name__ == "__main__":
    run()
