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
