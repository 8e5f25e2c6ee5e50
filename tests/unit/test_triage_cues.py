"""Tests of the L2 triage rules: normalisation, each family of cues and its context, and the issue 13 families."""

import dataclasses

import pytest

from services.triage import CATEGORY_LABELS, PRIORITY, Triage, TriageCategory, assess, normalize
from tests.triage_report import CATEGORIES, NONE, load_cases


def category(text: str) -> str:
    """The engine's category for text, `none` when it is not urgent."""
    return assess(text).category or NONE


def lexicon_category(text: str) -> str:
    """The lexicon's own category for text, without the model's second opinion, for tables of lexicon rules."""
    return assess(text, use_model=False).category or NONE


# --- normalisation -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("DOLOR EN EL PECHO", "dolor en el pecho"),
    ("Dolór en él pécho", "dolor en el pecho"),
    ("pechooo!!! muchoooo", "pecho mucho"),
    ("se está   infartando\t\tya", "se esta infartando ya"),
    ("mi señora, ¿qué hace?", "mi senora que hace"),
    ("ÑOÑO Ü", "nono u"),
    ("dolor_pecho", "dolor pecho"),
    ("post-infarto (2019)", "post infarto 2019"),
    ("sangra😀mucho", "sangra mucho"),
    ("ﬁebre ² ½", "fiebre 2 12"),
    ("cafe\u0301 con leche", "cafe con leche"),
    ("LLEGA a la CALLE", "lega a la cale"),
    ("año 2000", "ano 2000"),
    ("", ""),
    ("!!! ... ¿¿??", ""),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


# --- the cue families -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # Colloquial present: enough on their own.
    ("se está infartando mi papá", "codigo_infarto"),
    ("siente un peso en el pecho", "codigo_infarto"),
    ("le aprieta el pecho", "codigo_infarto"),
    ("le dio un paro", "codigo_infarto"),
    ("se puso morado", "urgencia_medica"),
    ("sangra mucho", "urgencia_medica"),
    ("no reacciona", "urgencia_medica"),
    ("requiere traslado a UCI", "traslado_grave"),
    # Medical phrasing.
    ("Px con IAM", "codigo_infarto"),
    ("síndrome coronario agudo", "codigo_infarto"),
    ("choque hipovolémico", "urgencia_medica"),
    # A longer phrase wins over the phrase inside it.
    ("tiene un infarto cerebral", "urgencia_medica"),
    # Words of a combination far apart, or in different sentences, do not pair.
    ("dolor de cabeza desde el lunes y ahora me revisaron el pecho en rayos", NONE),
    ("tengo dolor de muelas. El pecho bien", NONE),
])
def test_triggers(text, expected):
    assert lexicon_category(text) == expected


@pytest.mark.parametrize("text, family", [
    ("le dio un infarto en 2018 y ahora pide su cita de control", "pasado"),
    ("tuvo un infarto hace cinco años y pide su receta", "pasado"),
    ("la semana pasada se desmayó en la fila", "pasado"),
    ("mi papá tuvo un infarto y ya está bien", "terminado"),
    ("falleció de un infarto", "terminado"),
    ("quiero el expediente de su infarto", "tramite"),
    ("no le surten su receta del infarto", "tramite"),
    ("felicito al personal que atendió a mi papá infartado", "elogio"),
    ("sugiero que capaciten al personal en código infarto", "general"),
    ("niega dolor torácico", "negacion"),
    ("no tiene ningún dolor en el pecho", "negacion"),
])
def test_suppression_families(text, family):
    result = assess(text)
    assert (result.urgent, result.rule) == (False, f"suprimido:{family}")
    assert result.suppressed


@pytest.mark.parametrize("text, expected", [
    # Paperwork never cancels a described symptom, only the name of a condition.
    ("no le surten su receta y le duele el pecho", "codigo_infarto"),
    ("necesito su expediente, está sangrando mucho", "urgencia_medica"),
    # A present-time cue nearer than the past one wins.
    ("tuvo un infarto en 2019 y ahorita le volvió el dolor en el pecho", "codigo_infarto"),
    ("tuvo un infarto hace 5 años y hoy dolor en el pecho", "codigo_infarto"),
    # A present verb wins only when it comes first and is nearer.
    ("tiene infarto previo y viene por sus recetas", NONE),
    ("tuvo un infarto hace cinco años y siente opresión en el pecho", "codigo_infarto"),
    # After a conjunction, a present cue speaks of what follows.
    ("en septiembre me dio un preinfarto y ahora pido mi pensión", NONE),
    # A cue only reaches across a comma from the clause that frames the sentence.
    ("hace cinco años, cuando vivía en Puebla, le dio un infarto", NONE),
    ("traigo a mi papá con dolor de pecho, lo operaron del corazón hace dos años", "codigo_infarto"),
    # Cut words and sentence ends keep cues apart.
    ("tuvo un infarto en 2018, pero ahorita tiene dolor en el pecho", "codigo_infarto"),
    ("Tuvo un infarto en 2018. Dolor en el pecho desde hace una hora.", "codigo_infarto"),
    # A title's period does not end the sentence.
    ("Quiero reconocer al Dr. Sánchez por atender la hemorragia de mi esposa", NONE),
])
def test_context(text, expected):
    assert category(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("niega dolor torácico, disnea o diaforesis", NONE),
    ("no tiene dolor en el pecho ni falta de aire", NONE),
    ("no presenta dolor torácico ni dificultad para respirar", NONE),
    # A negation never cancels a phrase that starts like it.
    ("no tiene pulso", "urgencia_medica"),
    ("está sin pulso", "urgencia_medica"),
    ("no para de sangrar", "urgencia_medica"),
    # Only right before the symptom, with nothing but filler words between.
    ("no le dan cita y le duele el pecho", "codigo_infarto"),
    ("lleva horas sin atención con dolor de pecho", "codigo_infarto"),
    ("no aguanta el dolor en el pecho", "codigo_infarto"),
    # A colloquial negation does not run on over a comma; a clinical one does.
    ("no tiene dolor en el pecho, se desmayó hace rato", "urgencia_medica"),
    ("niega dolor torácico, pero ahorita no reacciona", "urgencia_medica"),
    # A missing transfer is no less urgent.
    ("paciente crítico sin traslado desde hace 12 horas", "traslado_grave"),
])
def test_negation(text, expected):
    assert category(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("se esta infatrando", "codigo_infarto"),  # swapped letters
    ("tiene un infratto", "codigo_infarto"),  # swapped and doubled
    ("le dio un imfarto", "codigo_infarto"),  # one letter changed
    ("paciente entubada", "urgencia_medica"),  # gender, one letter
    ("está convulsionandoo", "urgencia_medica"),
    ("le duele el pecjo", NONE),  # five letters: too short to guess
    ("lo llevaron de urgencias a piso", NONE),  # protected word, not "de urgencia"
])
def test_typos(text, expected):
    assert lexicon_category(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("dolor d pecho", "codigo_infarto"),
    ("mi papá ta sangrando", "urgencia_medica"),
    ("tuvo un infarto hace 5 años y hace 2 hrs dolor de pecho", "codigo_infarto"),
])
def test_abbreviations(text, expected):
    assert category(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("le duele el pecho y está sangrando mucho", "codigo_infarto"),
    ("tiene un infarto y requiere traslado urgente a terapia intensiva", "codigo_infarto"),
    ("está grave y requiere traslado urgente", "traslado_grave"),
    ("se desmayó y necesita traslado a UCI", "traslado_grave"),
])
def test_priority(text, expected):
    assert PRIORITY == (TriageCategory.CODIGO_INFARTO, TriageCategory.TRASLADO_GRAVE, TriageCategory.URGENCIA_MEDICA)
    assert category(text) == expected


@pytest.mark.parametrize("text, matches", [
    ("mi señora trae un dolor en el pecho que le llega a la quijada y ya se puso gris",
     ("dolor en el pecho", "llega a la quijada", "puso gris")),
    ("PACIENTE INTUBADO, URGE SU ENVÍO", ("intubado", "urge su envío")),
    ("necesita traslado al hospital de la ciudad porque está grave", ("traslado … grave", "está grave")),
    ("sangra mucho", ("sangra mucho",)),
])
def test_matches_show_the_words_as_written(text, matches):
    assert assess(text).matches == matches


def test_result_shape():
    urgent = assess("le duele el pecho")
    assert dataclasses.is_dataclass(urgent) and urgent.__dataclass_params__.frozen and not hasattr(urgent, "__dict__")
    assert urgent.as_json() == {"urgent": True, "category": "codigo_infarto", "label": "código infarto",
                                "matches": ["duele el pecho"]}
    assert urgent.describe() == "URGENTE — código infarto — «duele el pecho»"
    assert urgent.rule == "combinacion:le duele el pecho"
    calm = assess("felicito al personal de urgencias")
    assert calm == Triage(urgent=False, category=None, matches=(), rule="sin_coincidencias")
    assert calm.describe() == "sin urgencia"
    set_aside = assess("tuvo un infarto hace cinco años y pide su receta")
    assert set_aside.describe() == "sin urgencia — descartado (es del pasado): «infarto»"
    assert {c.value for c in TriageCategory} == set(CATEGORIES)
    assert CATEGORY_LABELS[TriageCategory.TRASLADO_GRAVE] == "traslado de paciente grave"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\x00", "😀😀", "中文测试", "..."])
def test_empty_or_wordless_text_is_not_urgent(text):
    assert assess(text) == Triage(urgent=False, category=None, matches=(), rule="sin_coincidencias")


# --- issue 13: clinical families, their labels, and the twins that must not be flagged ---------------

@pytest.mark.parametrize("text, expected, label", [
    # The examples, one per family it found missing.
    ("a mi tío se le torció la boca y ya no puede levantar el brazo derecho", "urgencia_medica",
     "posible evento vascular cerebral"),
    ("le picó una abeja y se le están hinchando los labios, casi no puede pasar saliva", "urgencia_medica",
     "posible anafilaxia"),
    ("mi hijo se tomó un frasco de clonazepam, dice que ya no quiere vivir", "urgencia_medica",
     "intoxicación / envenenamiento"),
    ("tengo 36 semanas y estoy sangrando mucho", "urgencia_medica", "urgencia obstétrica"),
    ("el bebé respira muy rápido y se le hunden las costillas", "urgencia_medica", "dificultad respiratoria"),
    ("se le cayó el aceite hirviendo en las piernas", "urgencia_medica", "quemadura"),
    ("tiene el hueso de fuera", "urgencia_medica", "trauma mayor"),
    ("la presión en 210 con visión borrosa", "urgencia_medica", "urgencia hipertensiva"),
    ("trae un infarto ahorita y no hay cardiólogo", "codigo_infarto", "código infarto"),
    ("le dijeron que es probable infarto", "codigo_infarto", "código infarto"),
    # Naming the event is enough.
    ("embolia", "urgencia_medica", "posible evento vascular cerebral"),
    ("derrame cerebral", "urgencia_medica", "posible evento vascular cerebral"),
    ("convulsionando", "urgencia_medica", "convulsiones"),
    ("sobredosis", "urgencia_medica", "intento suicida / sobredosis"),
    ("infarto en curso", "codigo_infarto", "código infarto"),
    # Health with urgency and no family: recall first, the officer confirms.
    ("está muy grave y no lo atienden", "urgencia_medica", "posible urgencia — confirme"),
    ("se está muriendo", "urgencia_medica", "posible urgencia — confirme"),
    # Words in any form, capitals and no accents.
    ("SE ESTA CONVULSIONANDO MI HIJO", "urgencia_medica", "convulsiones"),
    ("se quemo con aceite", "urgencia_medica", "quemadura"),
    ("se desmayaron", "urgencia_medica", "alteración de la conciencia"),
    ("tiene diarrea desde hace 3 días y ya no orina", "urgencia_medica", "deshidratación grave"),
    ("mi bebe de 2 meses tiene calentura", "urgencia_medica", "fiebre en lactante"),
    ("mi papá es diabético y el glucómetro marca 560", "urgencia_medica", "urgencia diabética"),
    ("tiene fiebre y está confundido, le operaron la cadera", "urgencia_medica", "posible sepsis"),
])
def test_each_family_is_flagged_with_its_label(text, expected, label):
    result = assess(text)
    assert (result.category, result.label) == (expected, label), result


@pytest.mark.parametrize("calm, urgent", [
    ("mi papá ya salió bien del infarto, solo pido su incapacidad", "sigue con dolor después del infarto"),
    ("me podría dar una embolia", "le está dando una embolia"),
    ("no ha vuelto a convulsionar", "volvió a convulsionar"),
    ("me va a dar un infarto con tanta fila", "le está dando un infarto en la fila"),
    ("tuvo un derrame cerebral en 2019 y pido su pensión", "tiene un derrame cerebral y no lo atienden"),
    ("mi mamá no ha tenido convulsiones", "mi mamá tiene convulsiones"),
    ("tengo miedo de que le dé un infarto", "creo que le dio un infarto"),
    ("me quemé la mano con la plancha hace 15 días, ya está cicatrizando", "se quemó la mano con la plancha"),
    ("felicito al enfermero que vio a mi papá convulsionando, hoy está recuperado", "mi papá está convulsionando"),
    ("ya le pararon el sangrado a mi mamá, pido informes", "a mi mamá no le paran el sangrado"),
    ("la niña no tiene fiebre ni nada, solo quiero el certificado", "la niña de 2 meses tiene fiebre"),
    ("es urgente que arreglen el baño", "es urgente, mi papá no respira"),
])
def test_twins_past_paperwork_praise_negation_and_hypothesis(calm, urgent):
    assert assess(calm).urgent is False, assess(calm)
    assert assess(urgent).urgent is True, assess(urgent)


def test_urgent_always_carries_a_category_and_a_label():
    for case in load_cases():
        result = assess(case.text)
        assert result.urgent == (result.category is not None) == (result.label is not None)
        assert result.as_json()["label"] == result.label


def test_the_banner_heading_names_the_family_unless_it_repeats_the_category():
    assert assess("embolia").heading() == "urgencia médica — posible evento vascular cerebral"
    assert assess("le duele el pecho").heading() == "código infarto"
    assert assess("embolia").describe() == "URGENTE — urgencia médica — posible evento vascular cerebral — «embolia»"


def test_stems_join_the_forms_of_a_word():
    for text in ("se desmayó", "desmayada", "se está desmayando", "desmayos"):
        assert assess(text).label == "alteración de la conciencia", text
    assert assess("quiero el resumen de su infarto").urgent is False
