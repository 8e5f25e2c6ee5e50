"""`moad correo servidor|clave|enviar|estado`: the unit's SMTP server and the outbox of acuses and answers (L15)."""

import json
import sys

from cli.common import add_command, add_unit_option, notice, open_engine
from cli.sign_in import add_sign_in


def register(subparsers) -> None:
    """Add the correo subcommand with its four actions."""
    parser = add_command(subparsers, "correo", "Correo a los peticionarios: servidor SMTP, envío y estado de la bandeja.")
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True, parser_class=type(parser))
    servidor = add_command(actions, "servidor", "Configura el servidor SMTP de la unidad.")
    servidor.add_argument("--host", required=True, help="servidor SMTP, p. ej. smtp.issste.gob.mx")
    servidor.add_argument("--puerto", type=int, default=587, help="587 con STARTTLS (omisión), 465 con SSL")
    servidor.add_argument("--seguridad", choices=("starttls", "ssl", "ninguna"), default="starttls")
    servidor.add_argument("--remitente", required=True, help="dirección del módulo que envía")
    servidor.add_argument("--usuario-smtp", default="", help="usuario del servidor, si pide autenticación")
    add_unit_option(servidor)
    add_sign_in(servidor, "catalogos")
    servidor.set_defaults(func=run_server)
    clave = add_command(actions, "clave", "Guarda la contraseña SMTP (primera línea de la entrada) en un archivo 0600 "
                                          "del directorio de datos; nunca en la base de datos.")
    clave.set_defaults(func=run_password)
    enviar = add_command(actions, "enviar", "Envía los correos pendientes (para cron o un temporizador).")
    add_unit_option(enviar)
    enviar.set_defaults(func=run_send)
    estado = add_command(actions, "estado", "Lista los correos no enviados, con el motivo.")
    estado.add_argument("--json", action="store_true", help="salida JSON")
    add_unit_option(estado)
    estado.set_defaults(func=run_status)


def run_server(args) -> int:
    """Record the unit's SMTP server."""
    from services.catalogs.units import get_unit
    from services.database import write_session
    from services.mail.server import SECURITY, set_server

    engine = open_engine(args)
    with write_session(engine) as session:
        unit = get_unit(session=session, clave=args.unidad)
        server = set_server(session=session, actor=args.actor, unidad_id=unit.id, host=args.host, puerto=args.puerto,
                            seguridad=args.seguridad, remitente=args.remitente, usuario=args.usuario_smtp)
    print(f"{server.host}\t{server.puerto}\t{server.seguridad}\t{server.remitente}")
    notice(f"Servidor de correo de {unit.clave}: {server.host}:{server.puerto} ({SECURITY[server.seguridad]}).")
    return 0


def run_password(args) -> int:
    """Keep the SMTP password read from stdin in the private data folder."""
    from services.errors import InvalidInput
    from services.mail.server import set_password
    from services.settings import get_settings

    secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise InvalidInput("Escriba la contraseña SMTP en la primera línea de la entrada.")
    path = set_password(get_settings().private_data_dir(), secret)
    notice(f"Contraseña SMTP guardada en {path} (solo la cuenta de la mesa puede leerla).")
    return 0


def run_send(args) -> int:
    """Send what is due and say how many went and how many failed."""
    from services.catalogs.units import get_unit
    from services.database import read_session
    from services.mail.sender import send_due
    from services.settings import get_settings

    engine = open_engine(args)
    with read_session(engine) as session:
        unidad_id = get_unit(session=session, clave=args.unidad).id
    done = send_due(engine, get_settings().private_data_dir(), unidad_id=unidad_id)
    print(f"enviados\t{done.enviados}\nfallidos\t{done.fallidos}")
    return 0


def run_status(args) -> int:
    """List messages not sent after an attempt, with the reason; no address is printed."""
    from models import Peticion
    from services.catalogs.units import get_unit
    from services.database import read_session
    from services.dates import moment_text
    from services.mail.outbox import failed

    engine = open_engine(args)
    with read_session(engine) as session:
        unit = get_unit(session=session, clave=args.unidad)
        rows = [(session.get_one(Peticion, c.peticion_id).folio, c) for c in failed(session=session, unidad_id=unit.id)]
    if args.json:
        print(json.dumps([{"folio": folio, "clase": c.clase, "estado": c.estado, "intentos": c.intentos,
                           "proximo_intento": c.proximo_intento.isoformat(), "error": c.ultimo_error}
                          for folio, c in rows], ensure_ascii=False, indent=2))
    else:
        for folio, c in rows:
            print(f"{folio}\t{c.clase}\t{c.estado}\t{c.intentos}\t{moment_text(c.proximo_intento)}\t{c.ultimo_error}")
    notice(f"{len(rows)} correo(s) sin enviar.")
    return 0
