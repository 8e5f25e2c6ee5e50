"""The administrator's catalog upkeep: unit data, áreas, buzones, users and terms per tipo, each change audited."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Area, Buzon, Peticion, Termino, Unidad, Usuario
from models.enums import ROL_LABELS, TIPO_LABELS, Estado, Reloj, Rol, Tipo
from models.validators import clean_text, normalize_email, normalize_phone
from services import audit
from services.actor import Actor, require
from services.auth import hash_pin
from services.catalogs import create_area, create_buzon, create_user
from services.errors import InvalidInput, NotFound
from services.terms import DEFAULT_TERMS, TERM_SOURCES

UNIT_FIELDS = {
    "nombre": "nombre de la unidad",
    "tipo": "tipo de unidad",
    "domicilio": "domicilio",
    "lugar": "lugar",
    "director_nombre": "nombre del director",
    "director_cargo": "cargo del director",
    "director_telefono": "teléfono del director",
}
AREA_FIELDS = {
    "nombre": "nombre del área",
    "enlace_nombre": "nombre del enlace",
    "enlace_correo": "correo del enlace",
    "enlace_telefono": "teléfono del enlace",
    "superior_nombre": "nombre del superior jerárquico",
    "superior_cargo": "cargo del superior jerárquico",
    "superior_correo": "correo del superior jerárquico",
}
_PHONES = frozenset({"director_telefono", "enlace_telefono"})
_EMAILS = frozenset({"enlace_correo", "superior_correo"})
_OPEN = tuple(e.value for e in Estado if e not in (Estado.CONCLUIDA,))
MAX_TERM_DAYS = 60
ASSIGNABLE_ROLES = (Rol.OFICIAL, Rol.DIRECTOR, Rol.SUPERVISOR, Rol.ADMINISTRADOR)


@dataclass(frozen=True, slots=True)
class UserRow:
    """A user as the administrator's list shows it (never the PIN hash)."""

    id: int
    usuario: str
    nombre: str
    rol: str
    activo: bool
    bloqueado_hasta: datetime | None
    intentos_fallidos: int = 0

    @classmethod
    def of(cls, user: Usuario) -> "UserRow":
        """The listed view of a Usuario row."""
        return cls(user.id, user.usuario, user.nombre, user.rol, user.activo, user.bloqueado_hasta,
                   user.intentos_fallidos)


@dataclass(frozen=True, slots=True)
class TermRow:
    """One clock: its default term, where the guide sets it, and the overrides by tipo ("" = every tipo)."""

    reloj: str
    fuente: str
    por_omision: int
    ajustes: dict[str, int]


def _clean(fields: dict, labels: dict) -> dict:
    unknown = set(fields) - set(labels)
    if unknown:
        raise InvalidInput("Campos desconocidos: " + ", ".join(sorted(unknown)) + ".")
    problems, clean = [], {}
    for name, value in fields.items():
        value = clean_text(str(value or ""))
        try:
            if value and name in _PHONES:
                value = normalize_phone(value)
            elif value and name in _EMAILS:
                value = normalize_email(value)
        except ValueError as error:
            problems.append(f"{labels[name][0].upper()}{labels[name][1:]}: {error}")
            continue
        clean[name] = value
    if problems:
        raise InvalidInput("; ".join(problems) + ".")
    return clean


def _apply(row, changes: dict) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, changes[name])
    return changed


def update_unit(*, session: Session, actor: Actor, unidad_id: int, **fields) -> Unidad:
    """Change the unit's data (director, cargo, phone, domicilio…); the event names the fields changed."""
    require(actor, "catalogos")
    unit = session.get(Unidad, unidad_id)
    if unit is None:
        raise NotFound("No existe esa unidad.")
    changes = _clean(fields, UNIT_FIELDS)
    if "nombre" in changes and not changes["nombre"]:
        raise InvalidInput("La unidad necesita un nombre.")
    changed = _apply(unit, changes)
    if changed:
        audit.record(session, actor=actor, accion="unidad_modificada", unidad_id=unit.id,
                     detalle={"campos": [UNIT_FIELDS[name] for name in changed]})
    return unit


def list_areas(session: Session, *, unidad_id: int) -> list[Area]:
    """Every área of the unit, active and inactive, active first and by name."""
    return list(session.execute(
        select(Area).where(Area.unidad_id == unidad_id).order_by(Area.activa.desc(), Area.nombre)
    ).scalars())


def _same_name_area(session: Session, unidad_id: int, nombre: str, other_than: int | None = None) -> bool:
    statement = select(Area.id).where(Area.unidad_id == unidad_id, func.lower(Area.nombre) == nombre.lower(), Area.activa)
    if other_than is not None:
        statement = statement.where(Area.id != other_than)
    return session.execute(statement).first() is not None


def add_area(*, session: Session, actor: Actor, unidad_id: int, nombre: str, **fields) -> Area:
    """Create an área with its enlace and superior, validating e-mails and phones."""
    require(actor, "catalogos")
    changes = _clean({"nombre": nombre, **fields}, AREA_FIELDS)
    if not changes["nombre"]:
        raise InvalidInput("El área necesita un nombre.")
    if _same_name_area(session, unidad_id, changes["nombre"]):
        raise InvalidInput(f"Ya existe un área activa llamada «{changes['nombre']}».")
    return create_area(session=session, actor=actor, unidad_id=unidad_id, **changes)


def update_area(*, session: Session, actor: Actor, area_id: int, **fields) -> Area:
    """Change an área's name, enlace or superior; the event names the fields changed."""
    require(actor, "catalogos")
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("No existe esa área.")
    changes = _clean(fields, AREA_FIELDS)
    if "nombre" in changes:
        if not changes["nombre"]:
            raise InvalidInput("El área necesita un nombre.")
        if _same_name_area(session, area.unidad_id, changes["nombre"], other_than=area.id):
            raise InvalidInput(f"Ya existe un área activa llamada «{changes['nombre']}».")
    changed = _apply(area, changes)
    if changed:
        audit.record(session, actor=actor, accion="area_modificada", unidad_id=area.unidad_id,
                     detalle={"area": area.nombre, "campos": [AREA_FIELDS[name] for name in changed]})
    return area


def set_area_active(*, session: Session, actor: Actor, area_id: int, activa: bool) -> int:
    """Deactivate (or reactivate) an área; returns how many open petitions are still routed to it."""
    require(actor, "catalogos")
    area = session.get(Area, area_id)
    if area is None:
        raise NotFound("No existe esa área.")
    if activa and _same_name_area(session, area.unidad_id, area.nombre, other_than=area.id):
        raise InvalidInput(f"Ya existe otra área activa llamada «{area.nombre}».")
    open_count = session.execute(
        select(func.count()).select_from(Peticion).where(Peticion.area_id == area.id, Peticion.estado.in_(_OPEN))
    ).scalar_one()
    if area.activa != activa:
        area.activa = activa
        audit.record(session, actor=actor, accion="area_reactivada" if activa else "area_desactivada",
                     unidad_id=area.unidad_id, detalle={"area": area.nombre, "peticiones_abiertas": open_count})
    return open_count


def list_buzones(session: Session, *, unidad_id: int) -> list[Buzon]:
    """Every buzón of the unit, active and inactive, by clave."""
    return list(session.execute(
        select(Buzon).where(Buzon.unidad_id == unidad_id).order_by(Buzon.activo.desc(), Buzon.clave)
    ).scalars())


def add_buzon(*, session: Session, actor: Actor, unidad_id: int, clave: str, ubicacion: str) -> Buzon:
    """Install a buzón: a clave unique in the unit and where it is."""
    require(actor, "catalogos")
    clave, ubicacion = clean_text(clave).upper(), clean_text(ubicacion)
    if not clave or not ubicacion:
        raise InvalidInput("El buzón necesita clave y ubicación.")
    taken = session.execute(
        select(Buzon.id).where(Buzon.unidad_id == unidad_id, func.upper(Buzon.clave) == clave)
    ).first()
    if taken:
        raise InvalidInput(f"Ya existe un buzón con la clave {clave}.")
    return create_buzon(session=session, actor=actor, unidad_id=unidad_id, clave=clave, ubicacion=ubicacion)


def set_buzon_active(*, session: Session, actor: Actor, buzon_id: int, activo: bool) -> Buzon:
    """Take a buzón out of service (or back); an inactive buzón no longer counts for L1 compliance."""
    require(actor, "catalogos")
    buzon = session.get(Buzon, buzon_id)
    if buzon is None:
        raise NotFound("No existe ese buzón.")
    if buzon.activo != activo:
        buzon.activo = activo
        audit.record(session, actor=actor, accion="buzon_reactivado" if activo else "buzon_desactivado",
                     unidad_id=buzon.unidad_id, detalle={"buzon": buzon.clave})
    return buzon


def list_users(session: Session, *, actor: Actor, unidad_id: int) -> list[UserRow]:
    """The unit's users (and those without a unit) with role and state; administrators only."""
    require(actor, "catalogos")
    rows = session.execute(
        select(Usuario).where((Usuario.unidad_id == unidad_id) | Usuario.unidad_id.is_(None))
        .order_by(Usuario.activo.desc(), Usuario.usuario)
    ).scalars()
    return [UserRow.of(u) for u in rows]


def add_user(*, session: Session, actor: Actor, unidad_id: int, usuario: str, nombre: str, rol: Rol | str,
             pin: str) -> UserRow:
    """Create a user of one of the desk's roles with a PIN of 6 to 12 digits (stored hashed)."""
    require(actor, "catalogos")
    login, nombre = clean_text(usuario).lower(), clean_text(nombre)
    if not login or not nombre:
        raise InvalidInput("El usuario necesita nombre de usuario y nombre completo.")
    if len(login) > 40 or not all(ch.isalnum() or ch in "._-" for ch in login):
        raise InvalidInput("El nombre de usuario admite hasta 40 letras, números, punto, guion y guion bajo.")
    try:
        role = Rol(rol)
    except ValueError:
        role = None
    if role not in ASSIGNABLE_ROLES:
        raise InvalidInput("Elija un rol: " + ", ".join(ROL_LABELS[r] for r in ASSIGNABLE_ROLES) + ".")
    if session.execute(select(Usuario.id).where(Usuario.usuario == login)).first():
        raise InvalidInput(f"Ya existe el usuario «{login}».")
    user = create_user(session=session, actor=actor, unidad_id=unidad_id, usuario=login, nombre=nombre, rol=role,
                       pin=pin)
    return UserRow.of(user)


def _user(session: Session, user_id: int) -> Usuario:
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound("No existe ese usuario.")
    return user


def reset_pin(*, session: Session, actor: Actor, user_id: int, pin: str) -> UserRow:
    """Give a user a new PIN and lift a lockout; the event never carries the PIN."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    user.pin_hash = hash_pin(pin)
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor, accion="pin_restablecido", unidad_id=user.unidad_id,
                 detalle={"usuario": user.usuario})
    return UserRow.of(user)


def unlock_user(*, session: Session, actor: Actor, user_id: int) -> UserRow:
    """Lift a lockout by failed sign-ins and forget the failures, so a later lockout starts again at 15 minutes."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    if user.bloqueado_hasta is None and not user.intentos_fallidos:
        raise InvalidInput(f"El usuario «{user.usuario}» no está bloqueado.")
    user.intentos_fallidos, user.bloqueado_hasta = 0, None
    audit.record(session, actor=actor, accion="usuario_desbloqueado", unidad_id=user.unidad_id,
                 detalle={"usuario": user.usuario})
    return UserRow.of(user)


def set_user_active(*, session: Session, actor: Actor, user_id: int, activo: bool) -> UserRow:
    """Deactivate (or reactivate) a user; nobody deactivates themselves nor the last active administrator."""
    require(actor, "catalogos")
    user = _user(session, user_id)
    if not activo and user.id == actor.id:
        raise InvalidInput("No puede desactivar su propio usuario; pida a otro administrador que lo haga.")
    if not activo and user.activo and user.rol == Rol.ADMINISTRADOR:
        admins = session.execute(
            select(func.count()).select_from(Usuario).where(Usuario.rol == Rol.ADMINISTRADOR.value, Usuario.activo)
        ).scalar_one()
        if admins <= 1:
            raise InvalidInput("Es el único administrador activo: cree otro antes de desactivarlo.")
    if user.activo != activo:
        user.activo = activo
        if activo:
            user.intentos_fallidos, user.bloqueado_hasta = 0, None
        audit.record(session, actor=actor, accion="usuario_reactivado" if activo else "usuario_desactivado",
                     unidad_id=user.unidad_id, detalle={"usuario": user.usuario})
    return UserRow.of(user)


def list_terms(session: Session) -> list[TermRow]:
    """Every clock with a term: default days, its lineamiento and the overrides in force."""
    overrides: dict[str, dict[str, int]] = {}
    for tipo, reloj, dias in session.execute(select(Termino.tipo, Termino.reloj, Termino.dias)):
        overrides.setdefault(reloj, {})[tipo] = dias
    return [TermRow(reloj.value, TERM_SOURCES[reloj], dias, overrides.get(reloj.value, {}))
            for reloj, dias in DEFAULT_TERMS.items()]


def set_term(*, session: Session, actor: Actor, reloj: Reloj | str, tipo: Tipo | str, dias: int | None) -> TermRow:
    """Set the business days of a clock for one tipo ("" = every tipo); None goes back to the default."""
    require(actor, "catalogos")
    try:
        clock = Reloj(reloj)
    except ValueError:
        clock = None
    if clock not in DEFAULT_TERMS:
        raise InvalidInput("Ese plazo no se puede ajustar.")
    tipo = Tipo(tipo).value if tipo else ""
    if dias is not None and not 1 <= dias <= MAX_TERM_DAYS:
        raise InvalidInput(f"El plazo debe ser de 1 a {MAX_TERM_DAYS} días hábiles.")
    row = session.execute(select(Termino).where(Termino.reloj == clock.value, Termino.tipo == tipo)).scalar_one_or_none()
    before = row.dias if row is not None else None
    if before != dias:
        if dias is None:
            session.delete(row)
        elif row is None:
            session.add(Termino(tipo=tipo, reloj=clock.value, dias=dias))
        else:
            row.dias = dias
        session.flush()
        audit.record(session, actor=actor, accion="plazo_modificado", unidad_id=None,
                     detalle={"plazo": TERM_SOURCES[clock], "tipo": TIPO_LABELS[Tipo(tipo)] if tipo else "todos los tipos",
                              "antes": before if before is not None else "sin ajuste",
                              "despues": dias if dias is not None else "sin ajuste"})
    return next(term for term in list_terms(session) if term.reloj == clock.value)
