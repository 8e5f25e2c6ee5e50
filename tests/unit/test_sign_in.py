"""Signing in as the desk does it (each attempt its own transaction): five wrong PINs lock the user for a while,
and every attempt, failed or not, and the lock are events."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Evento, Usuario
from models.enums import Rol
from services.actor import SYSTEM
from services.auth import LOCK_MINUTES, MAX_FAILED, sign_in
from services.catalogs import create_user
from services.database import read_session, write_session
from services.errors import PermissionDenied
from services.transactions import run_write
from tests.conftest import mx

NOW = mx(2026, 11, 20, 10)


def test_five_wrong_pins_lock_the_user_and_every_attempt_is_an_event(desk):
    with write_session(desk.engine) as s:
        create_user(session=s, actor=SYSTEM, unidad_id=desk.unidad.id, usuario="pin.real", nombre="Persona Generada",
                    rol=Rol.OFICIAL, pin="2468")
    for _ in range(MAX_FAILED - 1):
        with pytest.raises(PermissionDenied, match="Usuario o PIN incorrectos"):
            run_write(desk.engine, sign_in, usuario="pin.real", pin="0000", now=NOW)
    with pytest.raises(PermissionDenied, match=f"queda bloqueado {LOCK_MINUTES} minutos"):
        run_write(desk.engine, sign_in, usuario="pin.real", pin="0000", now=NOW)
    with pytest.raises(PermissionDenied, match="Usuario bloqueado por intentos fallidos"):
        run_write(desk.engine, sign_in, usuario="pin.real", pin="2468", now=NOW + timedelta(minutes=1))
    with read_session(desk.engine) as s:
        locked = s.execute(select(Usuario).where(Usuario.usuario == "pin.real")).scalar_one()
        assert locked.bloqueado_hasta == NOW + timedelta(minutes=LOCK_MINUTES)

    user = run_write(desk.engine, sign_in, usuario="pin.real", pin="2468", now=NOW + timedelta(minutes=LOCK_MINUTES + 1))
    assert user.nombre == "Persona Generada" and user.bloqueado_hasta is None and user.intentos_fallidos == 0
    with pytest.raises(PermissionDenied, match="Usuario o PIN incorrectos"):
        run_write(desk.engine, sign_in, usuario="nadie", pin="1234", now=NOW)
    with read_session(desk.engine) as s:
        events = s.execute(select(Evento.accion).where(Evento.accion.in_(("acceso", "acceso_fallido", "usuario_bloqueado")))
                           .order_by(Evento.id)).scalars().all()
    assert events == ["acceso_fallido"] * (MAX_FAILED - 1) + ["usuario_bloqueado", "acceso_fallido", "acceso",
                                                              "acceso_fallido"]
