"""`moad buscar`: the desk's search on the command line, results masked as the lists show them."""

import json

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the buscar subcommand."""
    parser = add_command(subparsers, "buscar",
                         "Busca peticiones por folio (o su número: 2982, 2026-002982), CURP, teléfono, nombre o "
                         "palabras de la descripción; buscar a una persona queda registrado.")
    parser.add_argument("texto", metavar="TEXTO", help="lo que se busca (entre comillas si lleva espacios)")
    parser.add_argument("--json", action="store_true", help="un objeto JSON con el total y los resultados")
    parser.add_argument("--limite", type=int, default=50, metavar="N", help="cuántos resultados mostrar (por omisión 50)")
    add_unit_option(parser)
    add_sign_in(parser, "leer")
    parser.set_defaults(func=run)


def run(args) -> int:
    """Print the petitions found, best first, and how many there are in all."""
    from models.enums import ESTADO_LABELS, Estado
    from services.calendar import today_local
    from services.catalogs.units import get_unit
    from services.database import write_session
    from services.dates import day_text
    from services.errors import InvalidInput
    from services.search import FOUND_BY, parse, search

    # Nothing to look for is refused before the PIN is asked.
    parse(args.texto)
    if args.limite < 1:
        raise InvalidInput("El límite debe ser un número mayor que cero.")
    engine = open_engine(args)
    try:
        with write_session(engine) as session:
            unit = get_unit(session=session, clave=args.unidad)
            results = search(session, actor=args.actor, unidad_id=unit.id, texto=args.texto, today=today_local(),
                             limit=args.limite)
    finally:
        engine.dispose()
    rows = [{"folio": hit.item.folio, "estado": ESTADO_LABELS[Estado(hit.item.estado)],
             "recibida": day_text(hit.item.recibida_en), "nombre": hit.nombre, "encontrada_por": FOUND_BY[hit.por]}
            for hit in results.hits]
    if args.json:
        print(json.dumps({"total": results.total, "total_exacto": results.total_exacto, "resultados": rows},
                         ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['folio']}  {row['recibida']}  {row['estado']}  {row['nombre']}  (por {row['encontrada_por']})")
    counted = "1 resultado" if results.total == 1 else f"{results.total:,} resultados"
    shown = f"; se muestran {len(rows)}" if results.total > len(rows) or not results.total_exacto else ""
    notice(f"{'' if results.total_exacto else 'más de '}{counted}{shown}.")
    return 0
