"""Generated people for demo petitions: names, addresses and a valid CURP, drawn in a fixed order per seed."""

import random
from datetime import date, timedelta
from functools import cache

from models.enums import Canal

_EMPTY_PERSON = dict(nombre="", primer_apellido="", segundo_apellido="", curp="", telefono="", correo="", calle="",
                     numero_exterior="", numero_interior="", colonia="", codigo_postal="", municipio="", entidad="",
                     servidor_publico="")


_INCONVENIENT = frozenset((
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "COGE", "COJA", "COJE", "COJI", "COJO", "CULO", "FETO",
    "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KOGE", "KOJO", "KAKA", "KULO", "MAME", "MAMO", "MEAR", "MEON",
    "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE", "PUTA", "PUTO", "QULO", "RATA", "RUIN",
))


@cache
def _curp_name_parts(nombre: str, ap1: str, ap2: str) -> tuple[str, str]:
    """The name letters of a CURP (first four, and the three inner consonants), computed once per name."""
    def letters(word: str) -> str:
        return word.upper().translate(str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUX"))

    def consonant(word: str) -> str:
        return next((c for c in word[1:] if c.isalpha() and c not in "AEIOU"), "X")

    a1, a2, n = letters(ap1), letters(ap2), letters(nombre)
    vowel = next((c for c in a1[1:] if c in "AEIOU"), "X")
    head = f"{a1[0]}{vowel}{a2[0]}{n[0]}"
    if head in _INCONVENIENT:
        head = head[:1] + "X" + head[2:]
    return head, consonant(a1) + consonant(a2) + consonant(n)


def curp_for(rng: random.Random, nombre: str, ap1: str, ap2: str) -> str:
    """A valid CURP (format, date, state DF and check digit) for a generated person."""
    from stdnum.mx import curp

    head, inner = _curp_name_parts(nombre, ap1, ap2)
    born = _BIRTH_START + timedelta(days=int(rng.random() * 21900))
    base = f"{head}{born:%y%m%d}{'H' if rng.random() < 0.5 else 'M'}DF{inner}{'0' if born.year < 2000 else 'A'}"
    return base + curp.calc_check_digit(base + "0")


_BIRTH_START = date(1940, 1, 1)


def person(rng: random.Random, texts: dict, canal: Canal) -> dict:
    """The petitioner of one demo petition: anonymous from a buzón now and then, some without full address (whether
    that leaves its data incomplete is for services.l3, given the tipo and text)."""
    if canal == Canal.BUZON and rng.random() < 0.3:
        return dict(anonima=True, aviso_privacidad=False, **_EMPTY_PERSON)
    complete = rng.random() < 0.85
    nombre = rng.choice(texts["nombres"])
    ap1, ap2 = rng.choice(texts["apellidos"]), rng.choice(texts["apellidos"])
    # Drawn in this order so that a seed gives the same people it always gave.
    curp = curp_for(rng, nombre, ap1, ap2)
    telefono, correo = f"55{rng.randrange(10**8):08d}", f"persona{rng.randrange(10**6)}@correo.example.mx"
    calle, numero = rng.choice(texts["calles"]), str(rng.randint(1, 999))
    colonia, postal = rng.choice(texts["colonias"]), rng.randint(1000, 16999)
    municipio, entidad, first_postal = rng.choice(texts["municipios"])
    if first_postal:
        postal = first_postal + postal % 1000
    row = dict(
        nombre=nombre, primer_apellido=ap1, segundo_apellido=ap2, curp=curp, telefono=telefono, correo=correo,
        calle=calle, numero_exterior=numero, numero_interior="", colonia=colonia, codigo_postal=f"{postal:05d}",
        municipio=municipio, entidad=entidad,
        servidor_publico=rng.choice(texts["servidores"]) if rng.random() < 0.3 else "",
        anonima=False, aviso_privacidad=True,
    )
    if not complete:
        row.update(correo="", calle="", numero_exterior="", colonia="", codigo_postal="")
    return row
