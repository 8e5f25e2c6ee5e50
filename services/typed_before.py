"""What the desk typed before, for autocompletion at intake: calles, colonias, municipios, estados, e-mail domains,
servidores públicos and the municipio and estado of each código postal, from the unit's newest petitions and áreas.

Only values that identify nobody on their own are offered (a street, a colonia, a domain, a staff member's name);
names, CURP, telephone and the part of an e-mail address before the @ never are."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from models import Area, Peticion

RECENT = 20_000
"""How many of the newest petitions are read: enough for a desk's neighbourhood, cheap on a million rows."""
PER_FIELD = 500
"""At most this many values per field, the most frequent first."""
ENTIDADES = (
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas", "Chihuahua",
    "Ciudad de México", "Coahuila", "Colima", "Durango", "Estado de México", "Guanajuato", "Guerrero", "Hidalgo",
    "Jalisco", "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo",
    "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas",
)
"""The 32 entidades federativas as people write them."""
COMMON_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx", "yahoo.com", "live.com.mx", "icloud.com")
"""E-mail domains offered even before anybody typed them at this desk."""


@dataclass
class TypedBefore:
    """Values for the intake's suggestions, most frequent first, and what a código postal or municipio implies."""

    calles: list[str] = field(default_factory=list)
    colonias: list[str] = field(default_factory=list)
    municipios: list[str] = field(default_factory=list)
    entidades: list[str] = field(default_factory=lambda: list(ENTIDADES))
    servidores: list[str] = field(default_factory=list)
    dominios: list[str] = field(default_factory=lambda: list(COMMON_DOMAINS))
    place_of_code: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Código postal → (municipio, estado) when most earlier petitions with that code agree."""
    codes_of_colonia: dict[str, list[str]] = field(default_factory=dict)
    """Colonia (casefolded) → the códigos postales typed with it, most frequent first."""
    state_of_municipio: dict[str, str] = field(default_factory=dict)
    """Municipio (casefolded) → the estado most earlier petitions give it."""

    def remember(self, peticion) -> None:
        """Add the values of a petition just registered at this desk, so the next one can use them."""
        for values, value in ((self.calles, peticion.calle), (self.colonias, peticion.colonia),
                              (self.municipios, peticion.municipio), (self.entidades, peticion.entidad),
                              (self.servidores, peticion.servidor_publico), (self.dominios, domain(peticion.correo))):
            if value and value not in values:
                values.append(value)
        code, colonia, municipio, entidad = (peticion.codigo_postal, peticion.colonia, peticion.municipio,
                                             peticion.entidad)
        if code and municipio and entidad:
            self.place_of_code.setdefault(code, (municipio, entidad))
        if code and colonia:
            codes = self.codes_of_colonia.setdefault(colonia.casefold(), [])
            if code not in codes:
                codes.append(code)
        if municipio and entidad:
            self.state_of_municipio.setdefault(municipio.casefold(), entidad)


def domain(address: str) -> str:
    """The part of an e-mail address after the @, lower case; empty when there is none."""
    return address.rpartition("@")[2].strip().lower() if "@" in address else ""


def _agreed(counts: dict[str, Counter]) -> dict:
    """For each key, the value given most often, when it is at least half of the times the key appeared."""
    agreed = {}
    for key, values in counts.items():
        value, times = values.most_common(1)[0]
        if times * 2 >= sum(values.values()):
            agreed[key] = value
    return agreed


def typed_before(*, session: Session, unidad_id: int, recent: int = RECENT) -> TypedBefore:
    """Read the unit's newest petitions (distinct values with counts) and the names of its áreas' staff."""
    floor = session.execute(select(col(Peticion.id)).where(col(Peticion.unidad_id) == unidad_id)
                            .order_by(col(Peticion.id).desc()).offset(recent - 1).limit(1)).scalar()
    scope = [col(Peticion.unidad_id) == unidad_id] + ([col(Peticion.id) >= floor] if floor is not None else [])

    def ranked(column) -> list[str]:
        rows = session.execute(select(column).where(*scope, column != "").group_by(column)
                               .order_by(func.count().desc(), column).limit(PER_FIELD))
        return [value for (value,) in rows]

    result = TypedBefore(calles=ranked(Peticion.calle), colonias=ranked(Peticion.colonia),
                         municipios=ranked(Peticion.municipio), servidores=ranked(Peticion.servidor_publico))
    domains = Counter(domain(address) for (address,) in session.execute(
        select(col(Peticion.correo)).where(*scope, col(Peticion.correo) != "")))
    domains.pop("", None)
    typed_domains = [name for name, _ in domains.most_common(PER_FIELD)]
    result.dominios = typed_domains + [name for name in COMMON_DOMAINS if name not in typed_domains]
    typed_states = ranked(Peticion.entidad)
    result.entidades = typed_states + [name for name in ENTIDADES if name not in typed_states]
    places: dict[str, Counter] = defaultdict(Counter)
    states: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, Counter] = defaultdict(Counter)
    rows = session.execute(
        select(col(Peticion.codigo_postal), col(Peticion.colonia), col(Peticion.municipio), col(Peticion.entidad), func.count())
        .where(*scope, (col(Peticion.codigo_postal) != "") | ((col(Peticion.municipio) != "") & (col(Peticion.entidad) != "")))
        .group_by(Peticion.codigo_postal, Peticion.colonia, Peticion.municipio, Peticion.entidad))
    for code, colonia, municipio, entidad, times in rows:
        if municipio and entidad:
            states[municipio.casefold()][entidad] += times
            if code:
                places[code][(municipio, entidad)] += times
        if code and colonia:
            codes[colonia.casefold()][code] += times
    result.place_of_code = _agreed(places)
    result.state_of_municipio = _agreed(states)
    result.codes_of_colonia = {colonia: [code for code, _ in counter.most_common()]
                               for colonia, counter in codes.items()}
    staff = session.execute(select(col(Area.enlace_nombre), col(Area.superior_nombre))
                            .where(col(Area.unidad_id) == unidad_id, col(Area.activa).is_(True)).order_by(col(Area.nombre)))
    for names in staff:
        result.servidores += [name for name in names if name and name not in result.servidores]
    return result
