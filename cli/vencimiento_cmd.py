"""`moad vencimiento FECHA N`: the last business day of a term of N business days."""

import argparse

from cli.common import add_command, open_engine, parse_date


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» no es un número de días") from None
    if not 0 <= days <= 3650:
        raise argparse.ArgumentTypeError("el plazo debe estar entre 0 y 3650 días hábiles")
    return days


def register(subparsers) -> None:
    """Add the vencimiento subcommand."""
    parser = add_command(subparsers, "vencimiento",
                         "Último día hábil de un plazo de N días hábiles para un acto hecho en FECHA.")
    parser.add_argument("fecha", type=parse_date, metavar="FECHA", help="fecha del acto (dd/mm/aaaa o AAAA-MM-DD)")
    parser.add_argument("dias", type=_days, metavar="N", help="plazo en días hábiles")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Print the due date as YYYY-MM-DD."""
    from services.database import read_session
    from services.inhabiles import load_calendar

    engine = open_engine(args)
    with read_session(engine) as session:
        calendar = load_calendar(session)
    print(calendar.due_on(args.fecha, args.dias).isoformat())
    return 0
