"""Entry point of both ``python -m gofixer`` and the ``gofixer`` console script.

The signal handlers come first (see :mod:`gofixer.interrupt`); click, tree-sitter and the rules
load after, so an interrupt while they load is already gofixer's one line. Click runs in
non-standalone mode so that no interrupt, wherever it lands, becomes click's "Aborted!" and
status 1: click's usage errors and its own exits are turned into their messages and statuses
here instead.
"""

from . import interrupt


def run() -> None:
    interrupt.install()
    try:
        try:
            status = _main()
        except KeyboardInterrupt:
            status = interrupt.say()
        except SystemExit as e:
            status = e.code
        interrupt.end(status)
    except KeyboardInterrupt:  # in the instant between the run's end and end() holding signals off
        interrupt.end(interrupt.say())


def _main() -> int:
    import click

    from .cli import main

    try:
        rv = main(standalone_mode=False)
    except click.exceptions.Abort as e:
        if isinstance(e.__context__, KeyboardInterrupt) or isinstance(e.__cause__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        click.echo("gofixer: aborted", err=True)
        return 2
    except click.ClickException as e:
        e.show()
        return e.exit_code
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    run()
