"""`shezu serve` as an operator runs it: a real process, a real port, static files served."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SHEZU = Path(sys.executable).parent / "shezu"
STARTUP_SECONDS = 60  # the first run migrates a new database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"shezu serve did not listen on {port} within {STARTUP_SECONDS}s")


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_serve_answers_the_login_page_and_serves_htmx(tmp_path):
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEZU_")}
    environment["SHEZU_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [str(SHEZU), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, server)
        login_status, login = get(f"http://127.0.0.1:{port}/login/")
        htmx_status, htmx = get(f"http://127.0.0.1:{port}/static/web/htmx.min.js")
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)

    assert login_status == 200 and '<button type="submit">登录</button>' in login.decode()
    shipped = Path(__file__).parents[2] / "src/shezu/web/static/web/htmx.min.js"
    assert (htmx_status, htmx) == (200, shipped.read_bytes())
    assert out.splitlines()[0] == f"网页 web UI: http://127.0.0.1:{port}/ （Ctrl+C 停止 to stop）"


def test_serve_without_a_secret_key_in_production_is_one_line(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEZU_")}
    environment |= {"SHEZU_DATA_DIR": str(tmp_path), "SHEZU_DEBUG": "0"}

    done = subprocess.run(
        [str(SHEZU), "serve"], env=environment, capture_output=True, text=True, timeout=60
    )

    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "shezu: 设置不完整：SHEZU_SECRET_KEY must be set when SHEZU_DEBUG is off."
        " (incomplete settings)\n"
    )


def test_serve_without_a_data_key_in_production_is_one_line(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEZU_")}
    environment |= {
        "SHEZU_DATA_DIR": str(tmp_path),
        "SHEZU_DEBUG": "0",
        "SHEZU_SECRET_KEY": "a-production-secret",
    }

    done = subprocess.run(
        [str(SHEZU), "serve"], env=environment, capture_output=True, text=True, timeout=60
    )

    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "shezu: 设置不完整：SHEZU_DATA_KEY must be set when SHEZU_DEBUG is off."
        " (incomplete settings)\n"
    )
    assert not (tmp_path / "data.key").exists()  # no key generated beside the database
