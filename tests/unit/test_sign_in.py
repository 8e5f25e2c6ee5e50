"""Signing in as the desk does it (each attempt its own transaction): one answer and one argon2 verification whatever
went wrong, every 5th failure in a row locks the user for longer each time, the lock screen never locks anyone, new PINs
have 6 digits while old 4-digit ones still open, and every attempt, failed or not, is an event."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Evento, Usuario
from models.enums import Rol
from services import auth
from services.actor import SYSTEM
from services.auth import MAX_FAILED, REFUSED, confirm_pin, lock_minutes, sign_in
from services.catalogs.users import add_user
from services.database import read_session, write_session
from services.errors import InvalidInput, PermissionDenied
from services.transactions import run_write
from tests.conftest import mx

NOW = mx(2026, 11, 20, 10)
PIN = "246813"


def _user(desk, usuario="pin.real", pin=PIN, **changes):
    with write_session(desk.engine) as s:
        user = add_user(session=s, actor=SYSTEM, unidad_id=desk.unidad.id, usuario=usuario,
                        nombre="Persona Generada", rol=Rol.OFICIAL, pin=pin)
        for name, value in changes.items():
            setattr(user, name, value)


def _stored(desk, usuario="pin.real") -> Usuario:
    with read_session(desk.engine) as s:
        return s.execute(select(Usuario).where(Usuario.usuario == usuario)).scalar_one()


def _refused(desk, usuario, pin, now) -> str:
    with pytest.raises(PermissionDenied) as refusal:
        run_write(desk.engine, sign_in, usuario=usuario, pin=pin, now=now)
    return str(refusal.value)


def _events(desk) -> list[str]:
    with read_session(desk.engine) as s:
        return list(s.execute(select(Evento.accion).where(
            Evento.accion.in_(("acceso", "acceso_fallido", "usuario_bloqueado", "desbloqueo_pantalla")))
            .order_by(Evento.id)).scalars())


def test_five_wrong_pins_lock_the_user_and_every_attempt_is_an_event(desk):
    _user(desk)
    for _ in range(MAX_FAILED):
        assert _refused(desk, "pin.real", "000000", NOW) == REFUSED
    assert _stored(desk).bloqueado_hasta == NOW + timedelta(minutes=15)
    assert _refused(desk, "pin.real", PIN, NOW + timedelta(minutes=1)) == REFUSED, "the right PIN waits out the lock"

    user = run_write(desk.engine, sign_in, usuario="pin.real", pin=PIN, now=NOW + timedelta(minutes=16))
    assert user.nombre == "Persona Generada" and user.bloqueado_hasta is None and user.intentos_fallidos == 0
    assert _refused(desk, "nadie", "123456", NOW) == REFUSED
    assert _events(desk) == ["acceso_fallido"] * (MAX_FAILED - 1) + ["usuario_bloqueado", "acceso_fallido", "acceso",
                                                                     "acceso_fallido"]


def test_an_unknown_user_gets_the_same_answers_as_a_real_one_even_on_the_fifth_try(desk):
    _user(desk)
    real = [_refused(desk, "pin.real", "000000", NOW) for _ in range(MAX_FAILED + 1)]
    unknown = [_refused(desk, "no.existe", "000000", NOW) for _ in range(MAX_FAILED + 1)]
    assert real == unknown == [REFUSED] * (MAX_FAILED + 1)


def test_every_refusal_costs_one_argon2_verification(desk, monkeypatch):
    _user(desk)
    _user(desk, "inactiva", activo=False)
    _user(desk, "bloqueada", bloqueado_hasta=NOW + timedelta(minutes=5))
    verified = []
    real_verify = auth.verify_pin
    monkeypatch.setattr(auth, "verify_pin", lambda pin_hash, pin: verified.append(pin_hash) or real_verify(pin_hash, pin))
    for usuario in ("no.existe", "inactiva", "bloqueada", "pin.real"):
        _refused(desk, usuario, "000000", NOW)
    assert len(verified) == 4 and all(pin_hash.startswith("$argon2") for pin_hash in verified)


def test_lockouts_grow_15_30_60_minutes_and_a_good_pin_starts_over(desk):
    _user(desk)
    now = NOW
    for expected in (15, 30, 60):
        for _ in range(MAX_FAILED):
            _refused(desk, "pin.real", "000000", now)
        assert _stored(desk).bloqueado_hasta == now + timedelta(minutes=expected)
        now += timedelta(minutes=expected + 1)
    run_write(desk.engine, sign_in, usuario="pin.real", pin=PIN, now=now)
    for _ in range(MAX_FAILED):
        _refused(desk, "pin.real", "000000", now)
    assert _stored(desk).bloqueado_hasta == now + timedelta(minutes=15)
    assert [lock_minutes(n * MAX_FAILED) for n in (1, 2, 3, 4, 8, 20)] == [15, 30, 60, 120, 24 * 60, 24 * 60]


def test_wrong_pins_on_the_lock_screen_never_lock_the_account(desk):
    _user(desk)
    for _ in range(3 * MAX_FAILED):
        with pytest.raises(PermissionDenied, match="PIN incorrecto"):
            run_write(desk.engine, confirm_pin, usuario="pin.real", pin="000000")
    stored = _stored(desk)
    assert stored.bloqueado_hasta is None and stored.intentos_fallidos == 0
    assert run_write(desk.engine, confirm_pin, usuario="pin.real", pin=PIN).usuario == "pin.real"
    assert _events(desk) == ["acceso_fallido"] * 3 * MAX_FAILED + ["desbloqueo_pantalla"]


def test_new_pins_have_six_digits_and_an_old_four_digit_pin_still_opens(desk):
    for short in ("1234", "12345", "12a456", "1" * 13):
        with pytest.raises(InvalidInput, match="de 6 a 12 dígitos"):
            auth.hash_pin(short)
    from argon2 import PasswordHasher

    _user(desk, pin_hash=PasswordHasher().hash("2468"))
    assert run_write(desk.engine, sign_in, usuario="pin.real", pin="2468", now=NOW).usuario == "pin.real"
