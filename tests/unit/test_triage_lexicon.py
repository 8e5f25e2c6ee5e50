"""Tests of the L2 triage lexicon (its file, its checks, its loading) and of the engine's robustness and speed."""

import statistics
import subprocess
import sys
import timeit
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.errors import InvalidInput
from services.triage import Lexicon, assess, exercised, lexicon_entries, load_lexicon
from tests.triage_report import EXAMPLES_PATH, load_cases, load_set, predictions

ROOT = Path(__file__).resolve().parents[2]


# --- the lexicon ----------------------------------------------------------------------------------

def test_every_lexicon_entry_is_exercised_by_the_labelled_set():
    seen: set[str] = set()
    for case in (*load_cases(), *load_set(EXAMPLES_PATH)):
        seen |= exercised(case.text)
    assert sorted(lexicon_entries() - seen) == []


def test_every_lexicon_example_gets_its_label():
    wrong = [(case.line, case.text) for case, got in predictions(load_set(EXAMPLES_PATH)) if got != case.category]
    assert wrong == []


def test_the_lexicon_file_explains_itself_in_spanish():
    text = (ROOT / "assets" / "triage_lexicon.toml").read_text(encoding="utf-8")
    sections = [line for line in text.splitlines() if line.startswith("[")]
    comments = sum(1 for line in text.splitlines() if line.lstrip().startswith("#"))
    assert len(sections) >= 15 and comments >= len(sections)
    assert "Cada entrada debe aparecer en al menos un caso" in text


def minimal_lexicon(**changes) -> dict:
    """A small valid lexicon, with some sections replaced."""
    data = {
        "familias": {
            "infarto": {"category": "codigo_infarto", "label": "código infarto", "source": "IMSS",
                        "diagnosticos": ["infarto"]},
            "respiratoria": {"category": "urgencia_medica", "label": "dificultad respiratoria", "source": "MTS",
                             "presentes": ["no respira"]},
            "traslado": {"category": "traslado_grave", "label": "traslado", "source": "L2", "combinaciones": [
                {"nombre": "t", "tipo": "diagnostico", "a": ["traslado"], "b": ["urgente"], "distancia": 2}]},
        },
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("data, message", [
    (minimal_lexicon(familias={"x": {"category": "otra", "label": "x", "source": "y"}}), "debe tener category"),
    (minimal_lexicon(familias={"x": {"category": "codigo_infarto", "source": "y"}}), "necesita label y source"),
    (minimal_lexicon(familias={"x": {"category": "codigo_infarto", "label": "x", "source": "y"}}),
     "ninguna familia lleva la categoría"),
    (minimal_lexicon(pistas={"pasado": {"frases": ["hace años", "HACE AÑOS"]}}), "repite otra"),
    (minimal_lexicon(pistas={"pasado": {"frases": ["#año"]}}), "no tiene ninguna palabra"),
])
def test_a_broken_lexicon_is_refused_with_a_spanish_message(data, message):
    with pytest.raises(InvalidInput, match=message):
        Lexicon(data)


def test_the_lexicon_is_loaded_once():
    assert load_lexicon() is load_lexicon()


# --- robustness and speed -------------------------------------------------------------------------

LEXICON_WORDS = sorted({word for entry in lexicon_entries() for word in entry.partition(":")[2].split()})


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_assess_never_raises_on_any_text(text):
    result = assess(text)
    assert result.urgent == (result.category is not None) == bool(result.matches) == (result.label is not None)
    assert list(result.as_json()) == ["urgent", "category", "label", "matches"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LEXICON_WORDS, ",", ".", " y ", " pero ", "\n", "2019", "PECHOOO", "¿", "🙂"]),
                max_size=60))
def test_assess_never_raises_on_dense_lexicon_text(pieces):
    result = assess(" ".join(pieces))
    assert result.urgent == (result.category is not None) == bool(result.matches)


def test_a_long_text_is_assessed_quickly():
    pieces, size = [], 0
    for case in load_cases():
        if size > 2000:
            break
        pieces.append(case.text)
        size += len(case.text) + 1
    text = " ".join(pieces)[:2000]
    assess(text)
    median = statistics.median(timeit.repeat(lambda: assess(text), number=1, repeat=30))
    # The goal is well under a millisecond; the bound is loose so that a busy machine does not fail it.
    assert median < 0.005


def test_a_huge_repetitive_text_stays_linear():
    text = "tuvo un infarto hace 2 años y niega dolor en el pecho, pero ahorita sangra mucho " * 1200
    duration = min(timeit.repeat(lambda: assess(text), number=1, repeat=2))
    assert len(text) > 90_000 and duration < 2.0


def test_the_engine_imports_no_interface_or_database_code():
    probe = ("import sys, services.triage; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sqlmodel', 'sqlalchemy', 'tui'}))")
    output = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"


def test_a_two_thousand_character_text_takes_well_under_a_millisecond():
    text = ("Vengo a presentar una queja porque mi mamá lleva semanas esperando su cita de cardiología y hoy en la "
            "mañana le empezó un dolor en el pecho que se le corre al brazo izquierdo, está sudando frío y en la "
            "ventanilla nadie nos quiere atender, dicen que regresemos mañana. ") * 7
    text = text[:2000]
    assess(text)
    per_call = min(timeit.repeat(lambda: assess(text), number=20, repeat=5)) / 20
    # The goal is under 1 ms; the bound leaves room for a busy machine.
    assert per_call < 0.003
