"""`moad importar ARCHIVO.csv`: bulk import from SIDAC, GOB.MX or spreadsheets."""

import sys
from pathlib import Path

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the importar subcommand."""
    parser = add_command(subparsers, "importar",
                         "Importa peticiones de un CSV UTF-8; si una fila tiene errores no se importa nada.")
    parser.add_argument("archivo", type=Path, metavar="ARCHIVO.csv")
    add_unit_option(parser)
    add_sign_in(parser, "registrar")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Validate and import the file in chunks, showing progress on a terminal, and print one folio per line."""
    from services.calendar import today_local
    from services.errors import InvalidInput, os_reason
    from services.importer import import_file

    try:
        with args.archivo.open("rb"):
            pass
    except OSError as error:
        raise InvalidInput(f"No se puede leer {args.archivo}: {os_reason(error)}.") from None
    engine = open_engine(args)
    # As `moad demo` does: a counter on a terminal, nothing in a log or a pipe.
    interactive = sys.stderr.isatty()
    shown = False

    def progress(rows: int, fraction: float) -> None:
        nonlocal shown
        if interactive:
            sys.stderr.write(f"\r{fraction:4.0%} del archivo, {rows:,} filas…")
            sys.stderr.flush()
            shown = True

    try:
        result = import_file(engine, args.archivo, actor=args.actor, unidad_clave=args.unidad, today=today_local(),
                             progress=progress)
    finally:
        if shown:
            sys.stderr.write("\n")
    result.write_folios(sys.stdout)
    notice(f"Importadas: {result.importadas}; ya estaban en la base de datos: {result.ya_importadas}.")
    return 0
