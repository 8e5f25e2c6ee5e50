"""Every action services.actions may offer has one letter on the expediente screen, and every letter a name."""

from services.actions import ACTIONS
from tui.screens.expediente import ACTION_KEYS, KEY_NAMES


def test_every_action_has_a_key_and_every_key_a_name():
    assert set(ACTION_KEYS) == set(ACTIONS)
    assert set(ACTION_KEYS.values()) == set(KEY_NAMES)


def test_actions_offered_together_never_share_a_key():
    shared = {"s": {"recordatorio_1", "recordatorio_2", "oficio_superior"}, "c": {"concluir", "concluir_orientacion"},
              "r": {"respuesta", "corregir_respuesta"},
              "u": {"confirmar_urgencia", "marcar_urgente"}}
    for letter in set(ACTION_KEYS.values()):
        names = {name for name, key in ACTION_KEYS.items() if key == letter}
        assert len(names) == 1 or names == shared[letter]
