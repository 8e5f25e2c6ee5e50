"""`moad reporte mensual` and `moad reporte enviado`: the monthly Anexo 1 (L17)."""

from pathlib import Path

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the reporte subcommand."""
    parser = add_command(subparsers, "reporte", "Informe mensual pormenorizado (Anexo 1, L17).")
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(parser))
    mensual = add_command(actions, "mensual", "Genera el PDF (y el CSV) del informe de un mes.")
    mensual.add_argument("--mes", required=True, metavar="AAAA-MM")
    mensual.add_argument("--salida", type=Path, metavar="ARCHIVO.pdf", help="por omisión, anexo1-CLAVE-AAAA-MM.pdf")
    mensual.add_argument("--csv", type=Path, metavar="ARCHIVO.csv", help="el detalle en CSV (UTF-8 con BOM, para Excel)")
    mensual.add_argument("--sobrescribir", action="store_true", help="reemplazar los archivos de salida si ya existen")
    add_unit_option(mensual)
    add_sign_in(mensual, "reportes")
    mensual.set_defaults(func=run_monthly)
    enviado = add_command(actions, "enviado", "Marca el informe de un mes como enviado a la SAD.")
    enviado.add_argument("--mes", required=True, metavar="AAAA-MM")
    add_unit_option(enviado)
    add_sign_in(enviado, "reportes")
    enviado.set_defaults(func=run_sent)


def run_monthly(args) -> int:
    """Render the report and print the files written."""
    import time

    from services.catalogs.units import get_unit
    from services.database import read_session, write_session
    from services.reports import parse_month, record_generated, render

    year, month = parse_month(args.mes)
    if args.salida:
        _check_output(args, args.salida)
    if args.csv:
        _check_output(args, args.csv)
    engine = open_engine(args)
    started = time.perf_counter()
    # Rendering reads only; the write transaction (a lock on SQLite) lasts just as long as recording it.
    with read_session(engine) as session:
        unit = get_unit(session=session, clave=args.unidad)
        pdf = args.salida or _check_output(args, _default_name(unit.clave, year, month))
        result = render(session=session, actor=args.actor, unidad=unit, year=year, month=month, pdf=pdf, csv=args.csv)
    with write_session(engine) as session:
        record_generated(session=session, actor=args.actor, unidad=unit, year=year, month=month, pdf=pdf,
                         peticiones=result["peticiones"], ancla=(result["data"].ancla_eventos, result["data"].ancla_huella))
    print(result["pdf"])
    if result["csv"]:
        print(result["csv"])
    notice(f"Informe de {month:02d}/{year}: {result['peticiones']:,} peticiones en {time.perf_counter() - started:.1f} s.")
    return 0


def _check_output(args, path: Path) -> Path:
    """Refuse an output that exists (unless --sobrescribir) or that is the database itself."""
    from services.database import database_files
    from services.private_files import check_output
    from services.settings import get_settings

    url = getattr(args, "db", None) or get_settings().resolved_database_url()
    return check_output(path, overwrite=args.sobrescribir, protected=database_files(url))


def _default_name(clave: str, year: int, month: int) -> Path:
    """anexo1-CLAVE-AAAA-MM.pdf in the current folder, never elsewhere whatever an old clave holds."""
    from services.private_files import inside

    return inside(Path.cwd(), f"anexo1-{clave}-{year}-{month:02d}.pdf").relative_to(Path.cwd().resolve())


def run_sent(args) -> int:
    """Record that the report was sent."""
    from services.catalogs.units import get_unit
    from services.database import write_session
    from services.reports import mark_sent, parse_month

    year, month = parse_month(args.mes)
    with write_session(open_engine(args)) as session:
        mark_sent(session=session, actor=args.actor, unidad=get_unit(session=session, clave=args.unidad), year=year, month=month)
    notice(f"Informe de {month:02d}/{year} marcado como enviado a la SAD.")
    return 0
