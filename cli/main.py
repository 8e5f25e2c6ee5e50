"""The `moad` command: opens the desk application, or runs one of its Spanish subcommands."""

import importlib
import os
import sys

from cli.spanish_argparse import SpanishParser

# Each module exposes register(subparsers); they are imported only when the CLI runs.
COMMAND_MODULES = (
    "cli.vencimiento_cmd",
    "cli.demo_cmd",
    "cli.importar_cmd",
    "cli.pendientes_cmd",
    "cli.inhabil_cmd",
    "cli.triage_cmd",
    "cli.auditoria_cmd",
    "cli.datos_cmd",
    "cli.reporte_cmd",
    "cli.exportar_cmd",
    "cli.correo_cmd",
    "cli.publicar_cmd",
    "cli.servir_cmd",
    "cli.buscar_cmd",
    "cli.imprimir_cmd",
)


def build_parser() -> SpanishParser:
    """Build the parser with every subcommand that is installed."""
    parser = SpanishParser(
        prog="moad",
        description="MOAD Desk: atención, seguimiento y conclusión de peticiones de derechohabientes.",
    )
    parser.add_argument("--db", metavar="URL", help="base de datos (por omisión, SQLite en el directorio de datos del usuario)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMANDO", parser_class=SpanishParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the process exit status."""
    from services.errors import DomainError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # The desk's start-up opens the database too: a storage error there is one Spanish line, not a traceback.
        return _open_app(args) if args.command is None else int(args.func(args) or 0)
    except DomainError as error:
        sys.stderr.write(f"moad: {error}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("moad: interrumpido.\n")
        return 130
    except Exception as error:
        from services.db_errors import explain

        if (storage := explain(error)) is not None:
            sys.stderr.write(f"moad: {storage}\n")
            return 2
        if os.environ.get("MOAD_DEBUG"):
            raise
        sys.stderr.write(f"moad: error inesperado ({type(error).__name__}); no se completó la operación. "
                         "Repita con MOAD_DEBUG=1 para ver el detalle técnico.\n")
        return 1


def _open_app(args) -> int:
    """Open the full-screen desk, or print the help while the desk is not installed."""
    try:
        from tui.launch import run_app
    except ModuleNotFoundError as missing:
        if missing.name not in ("tui", "tui.launch", "tui.app"):
            raise
        build_parser().print_help()
        return 0
    return run_app(database_url=args.db)


if __name__ == "__main__":
    sys.exit(main())
