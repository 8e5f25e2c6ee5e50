"""`moad servir`: the desk in a browser through textual-serve, on 127.0.0.1 unless told otherwise."""

import time
import urllib.request

from cli.servir_cmd import desk_command
from tests.cli_runner import ROOT
from tests.conftest import child_env
from tests.mail_server import free_port


def test_each_tab_runs_this_interpreter_on_the_same_database():
    import sys

    assert desk_command(None) == f"{sys.executable} -m cli.main"
    assert desk_command("sqlite:////tmp/a b.sqlite3").endswith("-m cli.main --db 'sqlite:////tmp/a b.sqlite3'")


def test_the_page_is_served_on_the_loopback_with_the_desk_title(tmp_path):
    import subprocess
    import sys

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli.main", "servir", "--puerto", str(port)], cwd=ROOT,
                              env=child_env(MOAD_DATA_DIR=str(tmp_path)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        page = ""
        for _ in range(200):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "<div>MOAD Desk</div>" in page
        assert f"ws://127.0.0.1:{port}/ws" in page
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    assert f"MOAD Desk en el navegador: http://127.0.0.1:{port}/" in err
