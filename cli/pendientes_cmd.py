"""`moad pendientes`: what is due today or overdue, with its next action."""

import json

from cli.common import add_command, add_unit_option, open_engine, parse_date


def register(subparsers) -> None:
    """Add the pendientes subcommand."""
    parser = add_command(subparsers, "pendientes",
                         "Acciones que vencen hoy o están vencidas (recordatorios, oficios, notificaciones…).")
    parser.add_argument("--fecha", type=parse_date, metavar="F", help="fecha de corte (por omisión, hoy)")
    parser.add_argument("--json", action="store_true", help="una línea JSON por acción")
    parser.add_argument("--limite", type=int, default=None, metavar="N", help="máximo de peticiones por tipo de plazo")
    add_unit_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    """Print the pending actions, urgent first."""
    from services.calendar import today_local
    from services.catalogs.units import get_unit
    from services.database import read_session
    from services.inhabiles import load_calendar
    from services.pending import pending_actions

    engine = open_engine(args)
    today = args.fecha or today_local()
    with read_session(engine) as session:
        unit = get_unit(session=session, clave=args.unidad)
        actions = pending_actions(session, unidad_id=unit.id, today=today, calendar=load_calendar(session), limit=args.limite)
    for action in actions:
        if args.json:
            print(json.dumps({**action.as_json(), "vencido": action.vencido(today)}, ensure_ascii=False))
        else:
            marker = "URGENTE " if action.urgente else ""
            subject = f"{action.folio}  " if action.folio else ""
            area = f"  [{action.area}]" if action.area else ""
            print(f"{marker}{subject}{action.descripcion} — {action.situacion(today)}{area}")
    if not args.json:
        from cli.common import notice
        from services.dates import day_text

        notice(f"{len(actions)} acciones pendientes al {day_text(today)} en {unit.clave}.")
    return 0
