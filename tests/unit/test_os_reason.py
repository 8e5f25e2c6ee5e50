"""What the operating system refused, said in Spanish: its own words (strerror) are English on the desks' machines."""

import errno

import pytest

from services.errors import os_reason


@pytest.mark.parametrize("code, reason", [
    (errno.ENOENT, "no existe"),
    (errno.EACCES, "no tiene permiso"),
    (errno.EPERM, "no tiene permiso"),
    (errno.EISDIR, "es una carpeta, no un archivo"),
    (errno.ENOSPC, "el disco está lleno"),
    (errno.EROFS, "el disco es de solo lectura"),
    (errno.ECONNRESET, "error del sistema ECONNRESET"),
])
def test_each_refusal_in_spanish(code, reason):
    assert os_reason(OSError(code, "English text from the system")) == reason


def test_an_error_without_a_number_names_its_kind():
    assert os_reason(FileNotFoundError()) == "error del sistema FileNotFoundError"


def test_a_real_refusal_from_the_disk(tmp_path):
    with pytest.raises(OSError) as caught:
        (tmp_path / "falta.csv").open("rb")
    assert os_reason(caught.value) == "no existe"
