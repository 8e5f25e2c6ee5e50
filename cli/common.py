"""Pieces shared by the subcommands: the parser factory with --db and the database opener."""

import argparse
import sys


def add_command(subparsers, name: str, help_text: str) -> argparse.ArgumentParser:
    """Add a subcommand that, like every command, accepts --db URL."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS,
        help="base de datos (por omisión, MOAD_DATABASE_URL o SQLite en el directorio de datos)",
    )
    return parser


def notice(message: str) -> None:
    """Write a notice for the person on stderr, keeping stdout for results."""
    sys.stderr.write(message + "\n")


def open_engine(args, *, sign_in: bool = True):
    """The engine for --db (or the settings' URL), upgraded; a command that needs it signs in first (args.actor)."""
    from services.database import open_database
    from services.settings import get_settings

    url = getattr(args, "db", None) or get_settings().resolved_database_url()
    engine = open_database(url, announce=notice)
    if sign_in and getattr(args, "sign_in_for", None) and not hasattr(args, "actor"):
        from cli.sign_in import command_actor

        try:
            args.actor = command_actor(args, engine)
        except BaseException:
            engine.dispose()
            raise
    return engine


def parse_date(value: str):
    """A date for argparse, dd/mm/aaaa or AAAA-MM-DD as everywhere in the desk, with a Spanish error."""
    from services.dates import parse_day

    try:
        return parse_day(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{value}» no es una fecha válida (use dd/mm/aaaa o AAAA-MM-DD)") from None


def add_unit_option(parser: argparse.ArgumentParser) -> None:
    """Add --unidad CLAVE, needed only when the database has several units."""
    parser.add_argument("--unidad", metavar="CLAVE", help="clave de la unidad (si hay más de una)")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_listen_options(parser: argparse.ArgumentParser, port: int) -> None:
    """Add --host (this machine only by default) and --puerto for a command that serves pages."""
    parser.add_argument("--host", default="127.0.0.1", help="dirección donde escuchar (127.0.0.1; para otros equipos, "
                                                             "detrás de un proxy con TLS)")
    parser.add_argument("--puerto", type=int, default=port, help=f"puerto ({port})")


def warn_if_exposed(host: str) -> None:
    """Say on stderr that a server listens beyond this machine, where without TLS what is typed crosses the network."""
    if host not in LOOPBACK:
        notice(f"Aviso: escucha en {host}, no solo en este equipo; sin TLS lo que se escribe viaja legible por la red.")
