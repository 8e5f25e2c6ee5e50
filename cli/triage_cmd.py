"""`moad triage`: the L2 urgency of each line of standard input, one result per line."""

import json
import os
import sys
from contextlib import suppress

from cli.common import add_command


def register(subparsers) -> None:
    """Add the triage subcommand."""
    parser = add_command(
        subparsers, "triage", "Evalúa la urgencia (L2) de un texto por línea leído de la entrada estándar.")
    parser.add_argument(
        "--json", action="store_true",
        help="escribe por cada línea un objeto JSON con urgent, category, label y matches en lugar de una línea en español",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    """Assess every line of stdin, read as bytes so that no encoding error can stop the command."""
    from services.triage import assess

    source = getattr(sys.stdin, "buffer", None)
    if source is None:
        return 0
    try:
        for raw in source:
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            result = assess(text)
            _write_line(json.dumps(result.as_json(), ensure_ascii=False) if args.json else result.describe())
    except BrokenPipeError:
        # The reader went away (`moad triage | head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _write_line(line: str) -> None:
    """Write one line to stdout as UTF-8 and flush it, whatever encoding the locale gives stdout."""
    target = getattr(sys.stdout, "buffer", None)
    if target is None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    else:
        target.write(line.encode("utf-8", errors="replace") + b"\n")
        target.flush()
