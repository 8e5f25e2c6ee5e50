"""`moad inhabil agregar|quitar|lista`: the administrator's días inhábiles."""

from cli.common import add_command, notice, open_engine, parse_date
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the inhabil subcommand with its three actions."""
    parser = add_command(subparsers, "inhabil",
                         "Días inhábiles declarados por la administración (además de los feriados de ley).")
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(parser))
    agregar = add_command(actions, "agregar", "Declara un día inhábil; mueve los vencimientos abiertos que lo incluyan.")
    agregar.add_argument("fecha", type=parse_date, metavar="FECHA", help="dd/mm/aaaa o AAAA-MM-DD")
    agregar.add_argument("--motivo", required=True, help="motivo (por ejemplo: Jueves Santo)")
    agregar.add_argument("--fundamento", default="", help="fundamento (por ejemplo: acuerdo publicado en el DOF)")
    add_sign_in(agregar, "catalogos")
    agregar.set_defaults(func=run_add)
    quitar = add_command(actions, "quitar", "Quita un día inhábil declarado; recuenta los vencimientos que lo incluyan.")
    quitar.add_argument("fecha", type=parse_date, metavar="FECHA", help="dd/mm/aaaa o AAAA-MM-DD")
    add_sign_in(quitar, "catalogos")
    quitar.set_defaults(func=run_remove)
    lista = add_command(actions, "lista", "Lista los días inhábiles y los feriados de ley.")
    lista.add_argument("--anio", type=int, metavar="A", help="solo los de este año")
    lista.set_defaults(func=run_list)


def run_add(args) -> int:
    """Add one día inhábil and report how many open due dates moved."""
    from services.database import write_session
    from services.inhabiles import add_day

    engine = open_engine(args)
    with write_session(engine) as session:
        moved = add_day(session, actor=args.actor, fecha=args.fecha, motivo=args.motivo, fundamento=args.fundamento)
    print(f"{args.fecha.isoformat()}\t{args.motivo}")
    notice(f"Día inhábil registrado; vencimientos recalculados: {moved}.")
    return 0


def run_remove(args) -> int:
    """Remove one día inhábil and report how many due dates moved."""
    from services.database import write_session
    from services.inhabiles import remove_day

    engine = open_engine(args)
    with write_session(engine) as session:
        moved = remove_day(session, actor=args.actor, fecha=args.fecha)
    print(args.fecha.isoformat())
    notice(f"Día inhábil quitado; vencimientos recalculados: {moved}.")
    return 0


def run_list(args) -> int:
    """Print the declared días inhábiles and, for a year, the statutory holidays too."""
    from services.calendar import statutory_holidays
    from services.database import read_session
    from services.inhabiles import list_days

    engine = open_engine(args)
    with read_session(engine) as session:
        days = [(d.fecha, d.motivo, d.fundamento or "") for d in list_days(session, year=args.anio)]
    if args.anio:
        days += [(day, name, "Ley Federal del Trabajo") for day, name in statutory_holidays(args.anio).items()]
    for day, motivo, fundamento in sorted(days):
        print(f"{day.isoformat()}\t{motivo}\t{fundamento}")
    return 0
