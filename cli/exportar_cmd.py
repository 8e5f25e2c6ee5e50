"""`moad exportar sinapp`: what a person needs to capture (and close) each petition of a period in SINAPP (L1, L15)."""


from cli.common import add_command, add_unit_option, notice, open_engine, parse_date
from cli.sign_in import add_sign_in

COLUMNS = ("folio", "recibida", "tipo", "canal", "area", "estado", "concluida", "peticionario", "telefono", "correo",
           "resumen", "sinapp_folio", "cerrada_en_sinapp", "sidac_folio")


def register(subparsers) -> None:
    """Add the exportar subcommand."""
    parser = add_command(subparsers, "exportar", "Exporta lo que se captura en otros sistemas.")
    systems = parser.add_subparsers(dest="sistema", metavar="SISTEMA", required=True, parser_class=type(parser))
    sinapp = add_command(systems, "sinapp", "Peticiones recibidas en un periodo, con lo necesario para capturarlas y "
                                            "cerrarlas en el SINAPP (datos personales enmascarados).")
    sinapp.add_argument("--desde", required=True, type=parse_date, metavar="FECHA", help="dd/mm/aaaa o AAAA-MM-DD")
    sinapp.add_argument("--hasta", required=True, type=parse_date, metavar="FECHA", help="dd/mm/aaaa o AAAA-MM-DD (incluida)")
    form = sinapp.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="una línea JSON por petición")
    form.add_argument("--csv", action="store_true", help="CSV con encabezado")
    sinapp.add_argument("--con-datos", action="store_true",
                        help="sin enmascarar nombre, teléfono, correo y resumen; cada consulta queda registrada (L16)")
    add_unit_option(sinapp)
    add_sign_in(sinapp, "sistemas_externos")
    sinapp.set_defaults(func=run_sinapp)


def run_sinapp(args) -> int:
    """Print one row per petition received in the period, oldest first."""
    import csv
    import json
    import sys

    from services.catalogs.units import get_unit
    from services.database import read_session, write_session
    from services.external_systems import capture_rows

    engine = open_engine(args)
    # Showing personal data is recorded, so that export writes; the masked one only reads.
    with (write_session if args.con_datos else read_session)(engine) as session:
        unit = get_unit(session=session, clave=args.unidad)
        rows = capture_rows(session=session, actor=args.actor, unidad_id=unit.id, desde=args.desde, hasta=args.hasta,
                            con_datos=args.con_datos)
    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row.as_json() for row in rows)
    for row in rows if not args.csv else ():
        if args.json:
            print(json.dumps(row.as_json(), ensure_ascii=False))
        else:
            print("\t".join(str(value or "") for value in row.as_json().values()))
    missing = sum(not row.sinapp_folio for row in rows)
    open_closings = sum(row.concluida is not None and row.cerrada_en_sinapp is None for row in rows)
    notice(f"{len(rows)} peticiones recibidas del {args.desde:%d/%m/%Y} al {args.hasta:%d/%m/%Y} en {unit.clave}: "
           f"{missing} sin folio SINAPP, {open_closings} concluidas sin cerrar en el SINAPP.")
    if args.con_datos:
        notice("Se mostraron datos personales: la consulta quedó registrada en cada expediente (L16).")
    return 0
