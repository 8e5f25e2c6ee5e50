"""`moad respaldo`, `moad restaurar`, `moad retencion` and `moad arco`: keeping and protecting the data."""

import sys
from pathlib import Path

from cli.common import add_command, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the data-keeping subcommands."""
    respaldo = add_command(subparsers, "respaldo",
                           "Respalda la base de datos y sus documentos en un archivo (en línea, sin detener las mesas).")
    respaldo.add_argument("--salida", type=Path, required=True, metavar="ARCHIVO")
    respaldo.add_argument("--sobrescribir", action="store_true", help="reemplazar ARCHIVO si ya existe")
    respaldo.add_argument("--desatendido", action="store_true",
                          help="respaldo nocturno sin iniciar sesión: solo como root o la cuenta de MOAD_CUENTA_RESPALDO")
    add_sign_in(respaldo, "catalogos")
    respaldo.set_defaults(func=run_backup)
    restaurar = add_command(subparsers, "restaurar", "Reemplaza el contenido de la base y sus documentos con un respaldo.")
    restaurar.add_argument("archivo", type=Path, metavar="ARCHIVO")
    restaurar.add_argument("--si", action="store_true",
                           help="no preguntar (para programas); se guarda igual una copia de seguridad")
    add_sign_in(restaurar, "catalogos")
    restaurar.set_defaults(func=run_restore)
    retencion = add_command(subparsers, "retencion",
                            "Lista (o anonimiza con --aplicar) las peticiones concluidas hace más de N años.")
    retencion.add_argument("--anos", type=int, default=None, metavar="N", help="años de retención (por omisión 5)")
    retencion.add_argument("--aplicar", action="store_true", help="anonimizar; sin esta opción solo se listan")
    add_sign_in(retencion, "catalogos")
    retencion.set_defaults(func=run_retention)
    arco = add_command(subparsers, "arco", "Derechos ARCO del peticionario.")
    actions = arco.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(arco))
    exportar = add_command(actions, "exportar", "Escribe todo lo que se guarda de una persona (JSON).")
    group = exportar.add_mutually_exclusive_group(required=True)
    group.add_argument("--curp")
    group.add_argument("--folio")
    exportar.add_argument("--salida", type=Path, metavar="ARCHIVO", help="por omisión, la salida estándar")
    exportar.add_argument("--sobrescribir", action="store_true", help="reemplazar ARCHIVO si ya existe")
    add_sign_in(exportar, "reportes")
    exportar.set_defaults(func=run_arco_export)
    solicitud = add_command(actions, "registrar", "Registra una solicitud de cancelación, oposición o rectificación.")
    solicitud.add_argument("--folio", required=True)
    solicitud.add_argument("--tipo", required=True, choices=["rectificacion", "cancelacion", "oposicion"])
    solicitud.add_argument("--motivo", required=True)
    add_sign_in(solicitud, "datos")
    solicitud.set_defaults(func=run_arco_request)


def _url(args) -> str:
    from services.settings import get_settings

    return getattr(args, "db", None) or get_settings().resolved_database_url()


def run_backup(args) -> int:
    """Check the database's integrity, then write the backup (database and documents) and print its path."""
    from services.backup import backup
    from services.database import database_files
    from services.db_errors import DatabaseCorrupt, integrity_check
    from services.private_files import check_output
    from services.settings import get_settings

    url = _url(args)
    destination = check_output(args.salida, overwrite=args.sobrescribir, protected=database_files(url))
    engine = open_engine(args)
    try:
        notice("Comprobando la integridad de la base de datos…")
        problems = integrity_check(engine)
    finally:
        engine.dispose()
    if problems:
        raise DatabaseCorrupt(f"La base de datos no pasó la comprobación de integridad ({len(problems)} problemas; el "
                              f"primero: {problems[0]}); no se hizo el respaldo. Conserve el archivo como está y "
                              "pida apoyo técnico.")
    notice("Integridad comprobada: sin problemas.")
    print(backup(url, destination, data_dir=get_settings().data_dir, overwrite=args.sobrescribir))
    notice("Respaldo terminado (base de datos y documentos).")
    return 0


def run_restore(args) -> int:
    """Check the backup, confirm, keep a safety copy, restore, upgrade the restored schema and record the restore."""
    from services.actor import SYSTEM
    from services.backup import record_restore, restore
    from services.database import open_database
    from services.errors import InvalidInput
    from services.settings import get_settings

    if not args.si and not sys.stdin.isatty():
        raise InvalidInput("Restaurar reemplaza toda la base de datos y sus documentos: confirme en una terminal o "
                           "agregue --si.")
    url = _url(args)
    open_engine(args).dispose()
    restored = restore(url, args.archivo, data_dir=get_settings().data_dir, confirm=None if args.si else _confirm)
    notice(f"Copia de seguridad de lo que había antes: {restored.copia_de_seguridad}")
    engine = open_database(url, announce=notice)
    try:
        record_restore(engine, actor=getattr(args, "actor", SYSTEM), restored=restored)
    finally:
        engine.dispose()
    notice(f"Base restaurada desde {args.archivo}.")
    return 0


def _confirm(summary) -> bool:
    """Ask on the terminal before replacing everything."""
    made = f", hecho el {summary.creado_en[:16].replace('T', ' ')} (UTC)" if summary.creado_en else ""
    documents = f" y {summary.documentos} documentos" if summary.con_documentos else ""
    sys.stderr.write(f"Se reemplazará todo el contenido de la base de datos{' y los documentos' if documents else ''} "
                     f"con el respaldo {summary.archivo}{made}: esquema {summary.revision}{documents}. Antes se "
                     "guardará una copia de seguridad de lo que hay ahora.\n¿Continuar? Escriba «si» para "
                     "confirmar: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("si", "sí")


def run_retention(args) -> int:
    """List the petitions past retention, or anonymise them with --aplicar."""
    from services.database import read_session, write_session
    from services.retention import anonymise, candidates, stale_open
    from services.settings import get_settings

    years = args.anos or get_settings().retention_years
    engine = open_engine(args)
    if args.aplicar:
        with write_session(engine) as session:
            done = anonymise(session=session, actor=args.actor, years=years)
        print(done)
        notice(f"Peticiones anonimizadas: {done} (concluidas hace más de {years} años).")
        return 0
    with read_session(engine) as session:
        found = candidates(session=session, years=years)
        still_open = stale_open(session=session, years=years)
    for candidate in found:
        print(f"{candidate.folio}\t{candidate.concluida_en.date().isoformat()}")
    for item in still_open:
        print(f"{item.folio}\t{item.recibida_en.date().isoformat()}\tabierta ({item.estado}): decida antes de anonimizar")
    notice(f"{len(found)} peticiones concluidas hace más de {years} años; use --aplicar para anonimizarlas.")
    if still_open:
        notice(f"{len(still_open)} peticiones siguen abiertas después de {years} años; la retención no las toca: "
               "concluya o decida cada una.")
    return 0


def run_arco_export(args) -> int:
    """Write the person's data as JSON."""
    from services.arco import export, to_json
    from services.database import database_files, write_session
    from services.private_files import check_output, write_private

    if args.salida:
        check_output(args.salida, overwrite=args.sobrescribir, protected=database_files(_url(args)))
    with write_session(open_engine(args)) as session:
        data = export(session=session, actor=args.actor, curp=args.curp, folio=args.folio)
    text = to_json(data)
    if args.salida:
        write_private(args.salida.expanduser(), text.encode("utf-8"))
        notice(f"Escrito {args.salida} ({len(data['peticiones'])} peticiones).")
    else:
        sys.stdout.write(text + "\n")
    return 0


def run_arco_request(args) -> int:
    """Record the request as an event on the petition."""
    from services.arco import record_request
    from services.database import write_session

    with write_session(open_engine(args)) as session:
        peticion = record_request(session=session, actor=args.actor, folio=args.folio, tipo=args.tipo, motivo=args.motivo)
    print(peticion.folio)
    return 0
