"""`moad auditoria verificar`: walk the keyed chains of the event log, optionally against an anchor from an Anexo 1."""

from cli.common import add_command, notice, open_engine


def register(subparsers) -> None:
    """Add the auditoria subcommand."""
    parser = add_command(subparsers, "auditoria", "Bitácora de eventos encadenada y firmada.")
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(parser))
    verify = add_command(actions, "verificar", "Recorre la bitácora y nombra el primer evento alterado o faltante.")
    verify.add_argument("--ancla", metavar="N:HUELLA",
                        help="el ancla impresa en un Anexo 1 (eventos y huella): prueba que la historia hasta ese "
                             "informe no se reescribió")
    verify.add_argument("--eventos", type=int, metavar="N", help="el número de eventos del ancla, si --ancla lleva "
                                                                 "solo la huella")
    verify.set_defaults(func=run_verify)


def run_verify(args) -> int:
    """Exit 0 when every chain (and the anchor, if given) is whole, 1 (each break on stdout) otherwise, 2 on bad input."""
    from services.audit_check import parse_anchor, verify_all
    from services.audit_key import key_file
    from services.database import read_session
    from services.db_errors import integrity_check
    from services.errors import InvalidInput

    if args.eventos is not None and args.ancla is None:
        raise InvalidInput("--eventos acompaña a --ancla; escriba también la huella del Anexo 1.")
    anchor = parse_anchor(args.ancla, args.eventos) if args.ancla is not None else None
    engine = open_engine(args, sign_in=False)
    try:
        notice("Comprobando la integridad de la base de datos…")
        damaged = integrity_check(engine)
        with read_session(engine) as session:
            result = verify_all(session, anchor)
    finally:
        engine.dispose()
    for damage in damaged:
        print(f"base de datos: {damage}")
    for problem in result.problems:
        cadena = f"unidad {problem.cadena}" if problem.cadena else "general"
        print(f"cadena {cadena}: {problem.motivo}")
    altered = bool(result.problems) or bool(damaged)
    if result.anchor is not None:
        check = result.anchor
        if check.problema:
            altered = True
            print(f"ancla {check.anchor.eventos}:{check.anchor.huella}: {check.problema}")
        else:
            cadena = f"la unidad {check.cadena}" if check.cadena else "la cadena general"
            notice(f"Ancla comprobada: el evento {check.anchor.eventos:,} de {cadena} lleva la huella publicada y la "
                   "historia hasta él está íntegra.")
    if result.sin_clave:
        notice(f"No se encontró la clave de la bitácora ({key_file()}): no se comprobaron las firmas de "
               f"{result.sin_clave:,} eventos ni los sellos de las cabezas; se comprobó el encadenamiento, los eventos "
               "anteriores a la firma y las anclas. Verifique en la mesa que guarda la clave.")
    if damaged:
        verdict = "La base de datos está dañada; restaure el último respaldo íntegro."
    elif not altered:
        verdict = "Bitácora íntegra."
    elif result.problems:
        verdict = f"Cadenas con problemas: {len(result.problems)}."
    else:
        verdict = "La historia publicada en el ancla fue reescrita."
    notice(f"Eventos verificados: {result.checked:,}. {verdict}")
    return 1 if altered else 0
