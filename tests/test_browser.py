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


PASSWORD = "correct-horse-1"


def _seed(data_dir: Path) -> None:
    """An administrator, a focal point of XXA and a contributor with article 6 of the Convention."""
    from assistant.access.actor import Actor
    from assistant.service import Omnibus
    from assistant.settings import Settings
    from assistant.workspace import Workspace

    core = Omnibus(Settings(data_dir=data_dir))
    admin = core.accounts.create_first_admin("admin", PASSWORD).actor()
    core.accounts.create(admin, "ana", PASSWORD, "focal_point", "XXA", "Ana", must_change_password=False)
    core.accounts.create(admin, "carl", PASSWORD, "contributor", "XXA", "Carl", must_change_password=False)
    Workspace(core, Actor("ana", "focal_point", "XXA")).assign("XXA", "carl", "UNTOC:6")


def _launch(pw):  # type: ignore[no-untyped-def]
    """Debian's chromium, offline: no background networking, updates or sync."""
    return pw.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run"],
    )


def _sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/?lang=en")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("textbox", name="User name").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_focal_point_and_contributor_sign_in_and_nothing_is_lost_on_reload(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    _seed(tmp_path / "data")
    ARTIFACTS.mkdir(exist_ok=True)
    # the first render loads the embedding model: allow for it (2 cores, a cold start takes ~10 s)
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        browser = _launch(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        _sign_in(page, server, "ana")
        box = page.get_by_test_id("stChatInputTextArea")
        try:
            expect(page.get_by_text("Welcome, Ana")).to_be_visible()
        except AssertionError:
            page.screenshot(path=str(ARTIFACTS / "chat-first-load-failed.png"), full_page=True)
            raise
        expect(page.get_by_text("Team and assignments")).to_be_visible()  # the focal point's menu
        box.fill("Yes, section 12 of the Organized Crime Act 2011")
        box.press("Enter")
        expect(page.get_by_text("Recorded for Convention art. 5(1):")).to_be_visible()
        box.fill("Two convictions in 2024")
        box.press("Enter")
        expect(page.get_by_text("How many convictions", exact=False).last).to_be_visible()
        expect(page.get_by_text("3 of 8 applicable questions answered")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "chat-before-reload.png"), full_page=True)

        # a reload starts a new Streamlit session: the session cookie keeps Ana signed in, the conversation is
        # all there
        page.reload()
        expect(page.get_by_text("3 of 8 applicable questions answered")).to_be_visible()
        expect(page.get_by_text("Two convictions in 2024", exact=True).first).to_be_visible()
        expect(page.get_by_text("Yes, section 12 of the Organized Crime Act 2011").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "chat-after-reload.png"), full_page=True)
        # signing out ends the session and clears the cookie: a reload asks for the password again
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        page.wait_for_timeout(500)
        page.reload()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_text("3 of 8 applicable questions answered")).to_have_count(0)

        # the contributor, in another browser context, gets article 6 only and no team page
        other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        other.set_default_timeout(60_000)
        _sign_in(other, server, "carl")
        expect(other.get_by_text("Your sections: UNTOC art. 6")).to_be_visible()
        expect(other.get_by_text("Convention art. 6(1)").first).to_be_visible()
        expect(other.get_by_text("Team and assignments")).to_have_count(0)
        cbox = other.get_by_test_id("stChatInputTextArea")
        cbox.fill("Yes, article 3 of the Anti-Money Laundering Act")
        cbox.press("Enter")
        expect(other.get_by_text("Recorded for Convention art. 6(1):")).to_be_visible()
        other.screenshot(path=str(ARTIFACTS / "contributor.png"), full_page=True)
        browser.close()


def test_reviewer_pages_in_a_real_browser(server, tmp_path, monkeypatch):
    """The fixture's six fictional States: overview, technical assistance and the report download."""
    from playwright.sync_api import expect, sync_playwright

    from assistant.service import Omnibus
    from assistant.settings import Settings
    from tests.fixtures.secretariat import PASSWORD as FIXTURE_PASSWORD
    from tests.fixtures.secretariat import build

    build(Omnibus(Settings(data_dir=tmp_path / "data")))
    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        browser = _launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(60_000)
        _sign_in(page, server, "reviewer", FIXTURE_PASSWORD)
        expect(page.get_by_text("Overview of the reporting cycle")).to_be_visible()
        expect(page.get_by_text("67%", exact=True)).to_be_visible()
        expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        page.get_by_text("Technical assistance", exact=True).click()
        expect(page.get_by_text("Kinds of assistance, ranked by the number of States asking")).to_be_visible()
        expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(3)
        page.get_by_text("Report and exports", exact=True).click()
        page.get_by_role("button", name="Build the report").click()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the report (HTML)").click()
        html = Path(download.value.path()).read_text(encoding="utf-8")
        assert "4 of 6 registered States responded" in html
        browser.close()
