"""One real-browser test: Debian chromium driven by Playwright against the app served by Streamlit."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, indexed_core):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (scripts/test.sh installs it)")
        pytest.skip("chromium is not installed")
    port = _free_port()
    env = dict(os.environ, OMNIBUS_DATA_DIR=str(tmp_path / "data"),
               OMNIBUS_VECTORSTORE_DIR=str(indexed_core.settings.chroma_path))
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=str(PROJECT_ROOT), env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("streamlit did not start: " + (tmp_path / "streamlit.log").read_text()[-2000:])
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_answers_survive_a_reload(server):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    # the first render loads the embedding model: allow for it (2 cores, a cold start takes ~10 s)
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{server}/?state=XXA&who=Ana&lang=en")
        box = page.get_by_test_id("stChatInputTextArea")
        try:
            expect(page.get_by_text("Welcome, Ana")).to_be_visible()
        except AssertionError:
            page.screenshot(path=str(ARTIFACTS / "chat-first-load-failed.png"), full_page=True)
            raise

        box.fill("Yes, section 12 of the Organized Crime Act 2011")
        box.press("Enter")
        expect(page.get_by_text("Recorded for Convention art. 5(1):")).to_be_visible()
        box.fill("Two convictions in 2024")
        box.press("Enter")
        expect(page.get_by_text("How many convictions", exact=False).last).to_be_visible()
        expect(page.get_by_text("3 of 8 applicable questions answered")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "chat-before-reload.png"), full_page=True)

        page.reload()
        expect(page.get_by_text("3 of 8 applicable questions answered")).to_be_visible()
        expect(page.get_by_text("Two convictions in 2024", exact=True).first).to_be_visible()
        expect(page.get_by_text("Yes, section 12 of the Organized Crime Act 2011").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "chat-after-reload.png"), full_page=True)
        browser.close()
