"""`moad imprimir`: send a stored document (or a month's Anexo 1) to this machine's printer with CUPS `lp`."""

from pathlib import Path

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in

KINDS = ("acuse", "constancia", "respuesta", "recordatorio_1", "recordatorio_2", "oficio_superior", "adjunto")


def register(subparsers) -> None:
    """Add the imprimir subcommand."""
    parser = add_command(subparsers, "imprimir",
                         "Imprime un documento guardado (el más reciente del folio, o el de una ruta) o el Anexo 1 de "
                         "un mes en la impresora de este equipo; --impresoras lista las de CUPS.")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("documento", nargs="?", metavar="FOLIO|RUTA",
                        help="folio del expediente, o la ruta de un PDF que el expediente guarda")
    target.add_argument("--mes", metavar="AAAA-MM", help="imprimir el Anexo 1 de ese mes, como se generó")
    target.add_argument("--impresoras", action="store_true", help="listar las impresoras de CUPS de este equipo")
    parser.add_argument("--documento", dest="tipo", choices=KINDS, help="tipo de documento del folio (por omisión, "
                                                                        "el más reciente)")
    parser.add_argument("--impresora", metavar="NOMBRE", help="cola de CUPS (por omisión, la elegida en "
                                                              "Administración para este equipo o MOAD_IMPRESORA)")
    add_unit_option(parser)
    add_sign_in(parser, "leer")
    parser.set_defaults(func=run_print)


def run_print(args) -> int:
    """Print the document and record who printed it; --impresoras lists the queues without signing in."""
    from services.settings import get_settings

    data_dir = get_settings().data_dir
    if args.impresoras:
        return _list(data_dir)
    from services.catalogs.units import get_unit
    from services.database import read_session, write_session
    from services.printing import document_to_print, record_printed, report_to_print, send
    from services.reports import parse_month

    period = parse_month(args.mes) if args.mes else None
    engine = open_engine(args)
    with read_session(engine) as session:
        if period is not None:
            unit = get_unit(session=session, clave=args.unidad)
            document = report_to_print(session=session, actor=args.actor, unidad_id=unit.id, year=period[0],
                                       month=period[1])
        elif "/" in args.documento or args.documento.lower().endswith(".pdf"):
            document = document_to_print(session=session, actor=args.actor, ruta=args.documento)
        else:
            document = document_to_print(session=session, actor=args.actor, folio=args.documento, tipo=args.tipo)
    # lp runs outside any transaction, so the database is never locked while CUPS answers.
    printed = send(document, data_dir=data_dir, printer=args.impresora)
    with write_session(engine) as session:
        record_printed(session=session, actor=args.actor, printed=printed)
    print(printed.solicitud or printed.impresora)
    notice(f"{document.label} ({Path(document.ruta).name}) enviado a la impresora «{printed.impresora}».")
    return 0


def _list(data_dir: Path) -> int:
    from services.printing import chosen_printer, list_printers

    names, default = list_printers()
    for name in names:
        print(name)
    chosen = chosen_printer(data_dir)
    notice(f"Impresora de este equipo: «{chosen.nombre}» (por {chosen.origen})." if chosen.nombre else
           "Este equipo no tiene impresora elegida: elíjala en Administración (F7), pestaña Impresora, o con "
           "MOAD_IMPRESORA.")
    if default:
        notice(f"Predeterminada de CUPS: «{default}».")
    return 0
