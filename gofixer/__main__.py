"""Entry point of both ``python -m gofixer`` and the ``gofixer`` console script.

The heavy imports (click, tree-sitter, the rules) happen inside ``run`` so that a Ctrl-C or
SIGTERM arriving while they load ends the process with one line, not a traceback.
"""

import signal
import sys


def _terminate(signum, frame):
    raise KeyboardInterrupt


def run() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("gofixer: interrupted", file=sys.stderr)
        sys.exit(2)
    try:
        main()
    except KeyboardInterrupt:  # between commands' own handlers (option parsing, output)
        print("gofixer: interrupted", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    run()
