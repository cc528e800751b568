"""Regenerate the README's sample analytical report and overview screenshot from the fixture of six fictional
States (tests/fixtures/secretariat.py), on a throw-away database:

    .venv/bin/python scripts/sample_report.py          # writes docs/sample-report/ and docs/overview.png

Needs Debian's chromium for the screenshot (scripts/test.sh installs it); the report alone needs nothing more."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "docs"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="omnibus-sample-"))
    os.environ.update(OMNIBUS_DATA_DIR=str(work / "data"), OMNIBUS_VECTORSTORE_DIR=str(work / "vs"),
                      OMNIBUS_CHECKLIST_DIR=str(ROOT / "tests" / "fixtures" / "checklist"))
    from assistant.service import Omnibus
    from tests.fixtures.secretariat import PASSWORD, build

    build(Omnibus())
    env = dict(os.environ, OMNIBUS_USER="reviewer", OMNIBUS_PASSWORD=PASSWORD)
    out = DOCS / "sample-report"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "assistant", "report", "--out", str(out / "report.html"), "--lang", "en",
                    "fr", "es", "ar", "ru", "zh"], check=True, env=env, cwd=str(ROOT))
    print(f"report written to {out}")
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not installed: no screenshot")
        return
    port = _free_port()
    log = (work / "streamlit.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
                               "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                               "--browser.gatherUsageStats", "false"], env=dict(os.environ), cwd=str(ROOT),
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        from playwright.sync_api import expect, sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{base}/?lang=en")
            page.get_by_role("textbox", name="User name").fill("reviewer")
            page.get_by_role("textbox", name="Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_text("Overview of the reporting cycle")).to_be_visible()
            page.wait_for_timeout(2500)  # let the charts draw
            page.screenshot(path=str(DOCS / "overview.png"), full_page=True)
            browser.close()
        print(f"screenshot written to {DOCS / 'overview.png'}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
