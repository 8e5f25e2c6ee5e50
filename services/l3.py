"""What L3 asks of a petition's data: when it is anonymous, when its data are incomplete and what is missing."""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from models.enums import Tipo
from models.petition_io import FIELD_LABELS, REQUIRED_FOR_COMPLETE
from services.triage.text import normalize_word

NAME_FIELDS = ("nombre", "primer_apellido")
# Any of these, given without a name, says who wrote and how to reach them: the petition is not anonymous.
CONTACT_FIELDS = ("telefono", "correo", "calle", "numero_exterior", "colonia", "codigo_postal")
# After this many attempts to reach the petitioner for their data, the desk stops trying and follows up regardless.
MAX_CONTACT_ATTEMPTS = 3
# The event of one attempt to reach the petitioner for their data.
CONTACT_ATTEMPT = "intento_completar_datos"
SERVANT_LABEL = FIELD_LABELS["servidor_publico"]
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class L3Assessment:
    """The verdict on one petition's data: anonymous, or what is missing and why (nombre, contacto, servidor)."""

    anonima: bool
    faltan: tuple[str, ...] = ()
    motivos: frozenset[str] = frozenset()
    menciones: tuple[str, ...] = ()

    @property
    def datos_incompletos(self) -> bool:
        """True when something L3 asks for is missing from a petition that is not anonymous."""
        return bool(self.faltan)


@dataclass(frozen=True, slots=True)
class _StaffWords:
    words: frozenset[str]
    # Phrases by their first word, in the file's order: each word of a description is looked up once, not scanned.
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    not_staff: dict[str, tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def _staff_words() -> _StaffWords:
    with files("assets").joinpath("l3_staff.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return _StaffWords(frozenset(_tokens(word)[0] for word in data["palabras"]),
                       _by_first_word(data["frases"]), _by_first_word(data["no_personal"]))


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        tokens = tuple(_tokens(phrase))
        index.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(found) for first, found in index.items()}


def _tokens(text: str) -> list[str]:
    return [word for word in (normalize_word(w) for w in _WORD.findall(text or "")) if word]


def _singular(word: str, words: frozenset[str]) -> str | None:
    for candidate in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if candidate in words:
            return candidate
    return None


def staff_mentions(text: str) -> tuple[str, ...]:
    """The words of a description that name someone of the Instituto's staff (L3 b), as the petitioner wrote them."""
    staff = _staff_words()
    written = _WORD.findall(text or "")
    tokens = [normalize_word(word) for word in written]
    # Words inside a phrase that names a place or a service, not a person («Centro Médico»).
    covered = {index + offset for index, token in enumerate(tokens) for phrase in staff.not_staff.get(token, ())
               if tuple(tokens[index:index + len(phrase)]) == phrase for offset in range(len(phrase))}
    found: list[str] = []
    for index, token in enumerate(tokens):
        if token and index not in covered and _singular(token, staff.words):
            found.append(written[index])
        for phrase in staff.phrases.get(token, ()):
            if tuple(tokens[index:index + len(phrase)]) == phrase:
                found.append(" ".join(written[index:index + len(phrase)]))
    unique: dict[str, str] = {}
    for mention in found:
        unique.setdefault(mention.lower(), mention)
    return tuple(unique.values())


def _given(values: Mapping[str, Any], name: str) -> bool:
    return bool(str(values.get(name) or "").strip())


def has_name(values: Mapping[str, Any]) -> bool:
    """True when a name or first surname was given."""
    return any(_given(values, name) for name in NAME_FIELDS)


def has_contact(values: Mapping[str, Any]) -> bool:
    """True when any datum to reach the petitioner was given (telephone, e-mail or part of an address)."""
    return any(_given(values, name) for name in CONTACT_FIELDS)


def reachable(values: Mapping[str, Any]) -> bool:
    """True when the petitioner can be sought: telephone, e-mail, or a street with its postal code."""
    return (_given(values, "telefono") or _given(values, "correo")
            or (_given(values, "calle") and _given(values, "codigo_postal")))


def assess(values: Mapping[str, Any], *, tipo: str, descripcion: str = "", servidor_publico: str = "",
           anonima: bool = False) -> L3Assessment:
    """L3 on one petition: anonymous only when marked so or with neither name nor contact; otherwise what is missing."""
    if anonima or not (has_name(values) or has_contact(values)):
        return L3Assessment(anonima=True)
    faltan = [FIELD_LABELS[name] for name in REQUIRED_FOR_COMPLETE if not _given(values, name)]
    motivos = set()
    if not has_name(values):
        motivos.add("nombre")
    if not has_contact(values):
        motivos.add("contacto")
    menciones: tuple[str, ...] = ()
    if str(tipo) == Tipo.INCONFORMIDAD and not (servidor_publico or "").strip():
        menciones = staff_mentions(descripcion)
        if menciones:
            motivos.add("servidor")
            faltan.append(SERVANT_LABEL)
    return L3Assessment(anonima=False, faltan=tuple(faltan), motivos=frozenset(motivos), menciones=menciones)


def values_of(record: Any) -> dict[str, str]:
    """The name and contact fields L3 reads, from a petition or an intake input."""
    return {name: getattr(record, name, "") or "" for name in (*REQUIRED_FOR_COMPLETE, *CONTACT_FIELDS)}


def assess_record(record: Any, *, anonima: bool | None = None) -> L3Assessment:
    """assess() over a petition or an intake input, read from its attributes; anonima overrides its own mark."""
    return assess(values_of(record), tipo=str(getattr(record, "tipo", "")), descripcion=getattr(record, "descripcion", "") or "",
                  servidor_publico=getattr(record, "servidor_publico", "") or "",
                  anonima=bool(getattr(record, "anonima", False)) if anonima is None else anonima)
