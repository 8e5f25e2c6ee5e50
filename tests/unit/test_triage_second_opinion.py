"""The model's second opinion: read exactly as scikit-learn computed it, built from today's cases,
only where the lexicon is silent."""

import hashlib
import json

import pytest

from services.triage import SECOND_OPINION_LABEL, assess
from services.triage.second_opinion import MODEL_PATH, second_opinion
from tests.triage_report import CASES_PATH


def test_the_shipped_model_was_built_from_the_labelled_cases_as_they_are():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert model["sha256_casos"] == hashlib.sha256(CASES_PATH.read_bytes()).hexdigest(), (
        "los casos cambiaron: reconstruya el modelo con scripts/train_triage_model.py")


def test_the_desk_reads_the_model_as_scikit_learn_computed_it():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    opinion = second_opinion()
    assert len(model["muestras"]) >= 20
    for text, probability in model["muestras"]:
        assert opinion.probability(text) == pytest.approx(probability, abs=1e-6), text


@pytest.mark.parametrize("text", [
    "mi hijo respira raro y esta todo frio, no responde bien",
    "a mi hijo le duele el pecjo",
])
def test_it_raises_a_flag_to_confirm_only_where_the_lexicon_found_nothing(text):
    lexicon = assess(text, use_model=False)
    verdict = assess(text)
    if lexicon.rule != "sin_coincidencias":
        assert verdict == lexicon
    else:
        assert (verdict.urgent, verdict.category, verdict.label) == (True, "urgencia_medica", SECOND_OPINION_LABEL)
        assert verdict.rule == "segunda_opinion" and verdict.matches


@pytest.mark.parametrize("text", [
    "ya salió bien del infarto, solo pido su incapacidad",
    "no ha vuelto a convulsionar desde el martes",
    "me va a dar un infarto con tanta fila",
])
def test_it_never_overrides_a_negation_or_a_cue_of_the_lexicon(text):
    assert assess(text).urgent is False
    assert assess(text).rule != "segunda_opinion"


@pytest.mark.parametrize("text", ["Pide hablar con el director sobre su hijo", "Otra", "Hoja dos", "A medias"])
def test_calm_and_too_short_texts_stay_calm(text):
    assert assess(text).urgent is False
