"""The web application in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

The site is served by uvicorn on the loopback interface, as `mappa-flow serve` does. Skipped only when
/usr/bin/chromium is missing and MAPPA_REQUIRE_CHROMIUM is not 1 (CI installs it and sets it, .ci/run).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from tests.conftest import sqlite_settings
from tests.web_world import PASSWORD, SECRET

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("MAPPA_REQUIRE_CHROMIUM") == "1":
            pytest.fail("MAPPA_REQUIRE_CHROMIUM=1 but /usr/bin/chromium is missing: apt-get install -y chromium")
        pytest.skip("Debian's /usr/bin/chromium is not installed (apt-get install -y chromium); no browser "
                    "can be downloaded here")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The application on a fresh SQLite store with one area and a co-ordinator, served by uvicorn."""
    from pydantic import SecretStr

    from mappa_flow import identity
    from mappa_flow.commands.area import RegisterArea
    from mappa_flow.web.app import create_app

    settings = sqlite_settings(tmp_path_factory.mktemp("browser") / "mappa.db").model_copy(
        update={"web_secret": SecretStr(SECRET)})
    app = create_app(settings)
    mappa = app.state.services.app
    today = mappa.clock.now().date()
    mappa.handle(RegisterArea(command_id="area-north", recorded_by="op", occurred_on=today, area="north",
                              name="North"))
    identity.register_account(mappa, "co.north", "coordinator", ["north"], PASSWORD, "op")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _violations(page: object) -> list[str]:
    """Every axe-core violation of the page, of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]]


def test_sign_in_and_a_signed_in_page_have_no_accessibility_violations_and_no_csp_error(
        chromium: Path, served: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.goto(f"{served}/")
            assert page.url.endswith("/sign-in")
            page.wait_for_function("typeof window.DS === 'object'")  # the design system's script ran under the CSP
            assert _violations(page) == []

            page.fill("#name", "co.north")
            page.fill("#password", "a wrong password")
            page.click("button[type=submit]")
            assert page.locator(".ds_error-summary").is_visible()
            assert _violations(page) == []

            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{served}/")
            assert "Signed in as co.north" in page.inner_text("h1")
            assert _violations(page) == []

            page.click("text=Sign out")
            page.wait_for_url(f"{served}/sign-in")
            assert "You have signed out" in page.inner_text(".ds_notification")
            assert [line for line in console if "Content Security Policy" in line] == []

            page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')
            assert any(v.startswith("image-alt") for v in _violations(page))  # the check can fail
        finally:
            browser.close()
