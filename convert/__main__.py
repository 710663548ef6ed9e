"""``python -m convert`` and the ``briefconv`` console script.  Ctrl-C is exit status 130 from
the first instruction on, while the command line's modules are still being imported too."""
import sys

EXIT_INTERRUPTED = 130


def run() -> None:
    try:
        from .cli import run as cli_run
    except KeyboardInterrupt:
        sys.stderr.write("briefconv: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    cli_run()


if __name__ == "__main__":
    run()
