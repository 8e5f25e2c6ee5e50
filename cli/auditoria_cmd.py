"""`moad auditoria verificar`: walk the hash chains of the event log."""

from cli.common import add_command, notice, open_engine


def register(subparsers) -> None:
    """Add the auditoria subcommand."""
    parser = add_command(subparsers, "auditoria", "Bitácora de eventos encadenada por hash.")
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(parser))
    verify = add_command(actions, "verificar", "Recorre la bitácora y nombra el primer evento alterado o faltante.")
    verify.set_defaults(func=run_verify)


def run_verify(args) -> int:
    """Exit 0 when every chain is intact, 1 (with each break on stdout) otherwise."""
    from services.audit_check import verify
    from services.database import read_session

    engine = open_engine(args)
    with read_session(engine) as session:
        checked, problems = verify(session)
    for problem in problems:
        cadena = f"unidad {problem.cadena}" if problem.cadena else "general"
        print(f"cadena {cadena}: {problem.motivo}")
    notice(f"Eventos verificados: {checked:,}. " + ("Bitácora íntegra." if not problems else f"Cadenas con problemas: {len(problems)}."))
    return 1 if problems else 0
