"""`moad demo`: demo catalogs and petitions with generated people."""

import argparse
import sys
import time

from cli.common import add_command, notice, open_engine
from cli.sign_in import add_sign_in, signed_in_actor


def _count(value: str) -> int:
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» no es un número") from None
    if not 0 <= number <= 10_000_000:
        raise argparse.ArgumentTypeError("el número de peticiones debe estar entre 0 y 10,000,000")
    return number


def register(subparsers) -> None:
    """Add the demo subcommand."""
    parser = add_command(subparsers, "demo", "Crea una unidad de demostración (si falta) y N peticiones con personas inventadas.")
    parser.add_argument("--peticiones", type=_count, default=500, metavar="N", help="cuántas peticiones crear (500)")
    parser.add_argument("--semilla", type=int, default=2026, help="semilla del generador, para repetir los datos")
    add_sign_in(parser, "catalogos")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Create the demo data and say how long it took."""
    from services.calendar import today_local
    from services.demo import DEMO_PIN, DEMO_USERS, populate

    engine = open_engine(args, sign_in=False)
    if _has_unit(engine):
        # Adding invented petitions to a desk in use changes its data: only an administrator may.
        signed_in_actor(args, engine)
    started = time.perf_counter()
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive:
            sys.stderr.write(f"\r{done:,} de {total:,} peticiones…")

    made = populate(engine, n=args.peticiones, today=today_local(), seed=args.semilla, progress=progress)
    if interactive:
        sys.stderr.write("\n")
    notice(f"Listo: {made:,} peticiones de demostración en {time.perf_counter() - started:.1f} s.")
    notice("Usuarios: " + ", ".join(u for u, _, _ in DEMO_USERS) + f" (PIN {DEMO_PIN}).")
    print(made)
    return 0


def _has_unit(engine) -> bool:
    from sqlalchemy import select
    from sqlmodel import col

    from models import Unidad
    from services.database import read_session

    with read_session(engine) as session:
        return session.execute(select(col(Unidad.id)).limit(1)).first() is not None
