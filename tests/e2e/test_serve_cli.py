"""`mappa-flow serve` as an operator runs it: a real uvicorn process on the loopback interface."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.e2e.cli_run import CLI, mappa
from tests.e2e.conftest import cli_env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    for _ in range(300):
        assert process.poll() is None, process.stderr.read() if process.stderr else "serve stopped"
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url}")


def test_serve_dev_answers_healthz_and_the_sign_in_page_with_the_security_headers(tmp_path: Path) -> None:
    env = cli_env(tmp_path)
    assert mappa(env, "init").returncode == 0
    port = _free_port()
    process = subprocess.Popen([*CLI, "serve", "--dev", "--port", str(port)], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        health = _wait_for(f"http://127.0.0.1:{port}/healthz", process)
        assert (health.status_code, health.text) == (200, "ok")
        page = httpx.get(f"http://127.0.0.1:{port}/sign-in", timeout=5)
        assert page.status_code == 200 and 'class="ds_site-header"' in page.text
        assert page.headers["referrer-policy"] == "no-referrer" and "server" not in page.headers
    finally:
        process.terminate()
        process.wait(timeout=20)
