"""Signing in on the command line: commands that read personal data or change data act as a user, as the screens do."""

import argparse
import getpass
import os
import sys

USER_ENV = "MOAD_USUARIO"
BACKUP_ACCOUNT_ENV = "MOAD_CUENTA_RESPALDO"


def add_sign_in(parser: argparse.ArgumentParser, action: str) -> None:
    """Make a command sign in and check the role table's `action` before it touches the database."""
    parser.add_argument("--usuario", metavar="USUARIO", default=argparse.SUPPRESS,
                        help=(f"usuario con el que se firma el comando (o la variable {USER_ENV}); "
                              "el PIN se escribe en la terminal"))
    parser.add_argument("--pin-stdin", action="store_true", default=argparse.SUPPRESS,
                        help="leer el PIN de la primera línea de la entrada estándar (para programas)")
    parser.set_defaults(sign_in_for=action)


def read_pin(args) -> str:
    """The PIN from the first line of stdin with --pin-stdin, else typed on the terminal without echo."""
    from services.errors import InvalidInput

    if getattr(args, "pin_stdin", False):
        pin = sys.stdin.readline().rstrip("\r\n")
        if not pin:
            raise InvalidInput("No llegó el PIN por la entrada estándar (--pin-stdin espera el PIN en la primera línea).")
        return pin
    try:
        # getpass falls back to reading stdin with echo when there is no terminal: refuse instead.
        with open("/dev/tty"):
            pass
    except OSError:
        raise InvalidInput("No hay una terminal donde escribir el PIN; desde un programa use --pin-stdin.") from None
    try:
        return getpass.getpass("PIN: ")
    except EOFError:
        raise InvalidInput("No se escribió el PIN.") from None


def signed_in_actor(args, engine):
    """Sign in with --usuario (or MOAD_USUARIO) and a PIN, and check the command's role; every attempt is an event."""
    from services.actor import require
    from services.auth import actor_for, sign_in
    from services.database import write_session
    from services.errors import InvalidInput

    usuario = getattr(args, "usuario", None) or os.environ.get(USER_ENV, "")
    if not usuario.strip():
        raise InvalidInput(f"Este comando requiere iniciar sesión: indique --usuario USUARIO (o {USER_ENV}) "
                           "y escriba su PIN.")
    pin = read_pin(args)
    with write_session(engine) as session:
        actor = actor_for(sign_in(session=session, usuario=usuario, pin=pin))
    require(actor, args.sign_in_for)
    return actor


def command_actor(args, engine):
    """Who the command acts as: the signed-in user, or the nightly backup where the administrator allowed it."""
    if getattr(args, "desatendido", False):
        return unattended_actor()
    return signed_in_actor(args, engine)


def unattended_actor():
    """The actor of an unsigned nightly backup, refused unless this OS account may run it."""
    from models.enums import Rol
    from services.actor import Actor
    from services.errors import PermissionDenied

    account = getpass.getuser()
    if not unattended_backup_allowed(os.geteuid(), account, os.environ.get(BACKUP_ACCOUNT_ENV)):
        raise PermissionDenied(f"La cuenta «{account}» no puede respaldar sin iniciar sesión: el respaldo desatendido "
                               f"corre como root o como la cuenta indicada en {BACKUP_ACCOUNT_ENV}.")
    return Actor(id=None, nombre=f"respaldo desatendido ({account})", rol=Rol.SISTEMA)


def unattended_backup_allowed(euid: int, account: str, configured: str | None) -> bool:
    """An unsigned nightly backup runs only as root or as the backup account the administrator named, never the desk's."""
    return euid == 0 or (bool(configured) and account == configured)
