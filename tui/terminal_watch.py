"""Leaving when the terminal is gone: a hung-up terminal does not always reach the desk as SIGHUP (under `make run`
it never did), and Textual's input thread then spins on the end of its input, a core's worth of CPU for nobody."""

import logging
import termios
from functools import partial

from textual.app import App

# The exit status when the terminal hung up, apart from 0 (an officer quit) and 1 (an unexpected error).
TERMINAL_GONE = 3
CHECK_EVERY_SECONDS = 2


def terminal_gone(fd: int) -> bool:
    """True once the terminal on fd has hung up: its settings can no longer be read."""
    try:
        termios.tcgetattr(fd)
    except termios.error:
        return True
    return False


def watch(app: App, fd: int) -> None:
    """Check the terminal on fd every few seconds and end the app once it has hung up."""
    app.set_interval(CHECK_EVERY_SECONDS, partial(_check, app, fd))


def _check(app: App, fd: int) -> None:
    if terminal_gone(fd):
        # Nobody can be at a desk without its terminal: what was typed is in its draft, as after a crash.
        logging.getLogger("moad.tui").warning("la terminal se cerró: MOAD Desk termina")
        app.exit(return_code=TERMINAL_GONE)
