"""`moad servir`: the same desk in a browser (textual-serve); each tab runs its own desk process and session."""

import shlex
import sys

from cli.common import add_command, add_listen_options, notice, warn_if_exposed


def register(subparsers) -> None:
    """Add the servir subcommand."""
    parser = add_command(subparsers, "servir", "Sirve MOAD Desk en el navegador: cada pestaña es su propia mesa, con "
                                               "su inicio de sesión y su bloqueo por inactividad.")
    add_listen_options(parser, 8000)
    parser.add_argument("--url-publica", default=None, help="dirección con la que el navegador llega (detrás de un proxy)")
    parser.set_defaults(func=run)


def desk_command(db: str | None) -> str:
    """The command each browser tab runs: this same interpreter opening the desk on the same database."""
    parts = [sys.executable, "-m", "cli.main"] + (["--db", db] if db else [])
    return shlex.join(parts)


def run(args) -> int:
    """Serve until interrupted."""
    from textual_serve.server import Server

    warn_if_exposed(args.host)
    notice(f"MOAD Desk en el navegador: http://{args.host}:{args.puerto}/ (Ctrl+C termina).")
    Server(desk_command(getattr(args, "db", None)), host=args.host, port=args.puerto, title="MOAD Desk",
           public_url=args.url_publica).serve()
    return 0
