"""`moad importar ARCHIVO.csv`: bulk import from SIDAC, GOB.MX or spreadsheets."""

from pathlib import Path

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the importar subcommand."""
    parser = add_command(subparsers, "importar", "Importa peticiones de un CSV UTF-8; si una fila tiene errores no se importa nada.")
    parser.add_argument("archivo", type=Path, metavar="ARCHIVO.csv")
    add_unit_option(parser)
    add_sign_in(parser, "registrar")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Validate the file, import it, and print one folio per line."""
    from services.calendar import today_local
    from services.errors import InvalidInput
    from services.importer import import_rows, parse

    try:
        content = args.archivo.read_bytes()
    except OSError as error:
        raise InvalidInput(f"No se puede leer {args.archivo}: {error.strerror}.") from None
    items = parse(content, today=today_local())
    engine = open_engine(args)
    result = import_rows(engine, actor=args.actor, items=[item for _, item in items], unidad_clave=args.unidad)
    for folio in result.folios:
        print(folio)
    notice(f"Importadas: {len(result.folios)}; ya estaban en la base de datos: {result.ya_importadas}.")
    return 0
