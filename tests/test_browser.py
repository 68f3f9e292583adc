"""A real browser: JupyterLab runs every lesson, and the static site opens from disk.

Starts JupyterLab on 127.0.0.1 with a token, on a temporary copy of the lessons (so autosave
never touches the repository), with news and update checks off, and drives Debian's Chromium
headless through Playwright (launched by its path: no browser download). Screenshots go to
``build/screenshots/``.

Without Chromium the test is skipped with instructions; with COUNTING_REQUIRE_BROWSER=1 (as CI
sets it) a skip becomes a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import data
from helpers.course import notebooks, pipeline
from helpers.paths import ROOT

LESSONS = [path.stem for path in notebooks.lesson_paths()]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "build" / "screenshots"

ALL_CELLS_RUN = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext.session) { return false; }
  const kernel = panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') { return false; }
  const code = panel.content.widgets.filter(cell => cell.model.type === 'code');
  return code.length > 0 && code.every(cell => cell.model.executionCount !== null);
}"""

PROBLEMS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const found = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') { return; }
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i).toJSON();
      if (output.output_type === 'error') {
        found.push(`cell ${index}: ${output.ename}: ${output.evalue}`);
      }
      if (output.output_type === 'stream' && output.name === 'stderr') {
        found.push(`cell ${index} stderr: ${output.text}`);
      }
    }
  });
  return found;
}"""

IMAGES = """() => Array.from(document.querySelectorAll('.jp-RenderedImage img'))
  .map(img => img.complete && img.naturalWidth > 0)"""


def chromium() -> str:
    """Return the Chromium binary, or skip (fail under COUNTING_REQUIRE_BROWSER=1)."""
    path = os.environ.get("COUNTING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = None
    if not Path(path).is_file():
        missing = "Debian's chromium is not installed"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing:
        message = (
            f"browser test skipped: {missing}. To run it: `sudo apt-get install chromium` "
            "(or set COUNTING_CHROMIUM to a Chromium binary), then `make test`."
        )
        if os.environ.get("COUNTING_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a temporary copy of the lessons; yields its base URL and token."""
    chromium()
    home = tmp_path_factory.mktemp("lab")
    lessons = home / "notebooks"
    lessons.mkdir()
    for lesson in LESSONS:
        shutil.copy(ROOT / "notebooks" / f"{lesson}.ipynb", lessons)
    settings = home / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    # Render every cell (no windowing), so that every chart is in the page to be checked.
    notebook_settings = home / "user-settings" / "@jupyterlab" / "notebook-extension"
    notebook_settings.mkdir(parents=True)
    (notebook_settings / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"})
    )
    port, token = free_port(), "counting-the-fallen-test"
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={lessons}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=home)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail(f"JupyterLab did not start:\n{(home / 'server.log').read_text()}")
            time.sleep(0.5)
    yield base, token
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_in_jupyterlab(lab, browser, lesson):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        # A fresh workspace per lesson, so no tab from an earlier lesson is restored.
        page.goto(f"{base}/lab/workspaces/{lesson}/tree/{lesson}.ipynb?token={token}&reset")
        page.wait_for_function(
            "(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            " return !!(w && w.context && w.context.path === name && w.content"
            " && w.sessionContext.session && w.sessionContext.session.kernel); }",
            arg=f"{lesson}.ipynb",
            timeout=90_000,
        )
        page.evaluate(
            "() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')"
        )
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_CELLS_RUN, timeout=180_000, polling=500)
        problems = page.evaluate(PROBLEMS)
        assert not problems, problems
        charts = page.evaluate(IMAGES)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"lab_{lesson}.png"))
        if lesson != "00_start_here" and lesson != "04_checking_the_sources":
            assert charts and all(charts), f"charts rendered: {charts}"
    finally:
        page.close()


def offline_page(browser, viewport=None):
    """Return a new page on which any request that is not for a file fails the test.

    Returns the page and the list that collects such requests (each is also aborted).
    """
    page = browser.new_page(viewport=viewport or {"width": 1200, "height": 900})
    left: list[str] = []

    def request(request):
        if not request.url.startswith(("file:", "data:", "blob:", "about:")):
            left.append(request.url)

    def route(route):
        left.append(route.request.url)
        route.abort()

    page.on("request", request)
    page.route("http://**/*", route)
    page.route("https://**/*", route)
    return page, left


def test_static_site_opens_from_disk(tmp_path, browser):
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    project = pipeline.Project(tmp_path)
    lines: list[str] = []
    ran = ["01_remains_handovers", "02_korean_war_death_tolls"]
    assert (
        pipeline.run(
            project,
            force=True,
            only=ran,
            progress=lines.append,
        )
        == 0
    )
    page, left = offline_page(browser)
    try:
        # A mark of a lesson 02 chart names its publisher and links to its source.
        _a_lesson_02_mark_shows_and_links_its_source(page, project)
        page.goto((project.site / "index.html").as_uri())
        assert page.title().startswith("Counting the Fallen")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "site_index.png"), full_page=True)
        sidebar = page.eval_on_selector_all(
            "nav.bd-docs-nav a", "links => links.map(link => link.getAttribute('href'))"
        )
        for lesson in LESSONS:  # every lesson, run this time or not
            assert f"notebooks/{lesson}.html" in sidebar, f"{lesson} not in the sidebar"
        page.click("nav.bd-docs-nav >> text=Follow the remains home")
        page.wait_for_load_state()
        assert page.url.endswith("notebooks/01_remains_handovers.html")
        images = page.evaluate(
            "() => Array.from(document.querySelectorAll('.cell_output img, .cell_output svg'))"
            ".filter(i => i.tagName.toLowerCase() == 'img' || i.closest('.gallery-chart'))"
            ".map(i => i.tagName.toLowerCase() == 'img' ? i.complete && i.naturalWidth > 0"
            " : i.getBoundingClientRect().width > 300)"
        )
        assert len(images) == 3 and all(images)
        text = page.inner_text("main")
        assert "ask your instructor" not in text
        assert "To run this lesson yourself" in text
        # The download button gives the lesson itself; previous and next link the lessons.
        download = page.get_attribute("a[href$='01_remains_handovers.ipynb']", "href")
        downloaded = project.site / "notebooks" / download
        assert (
            downloaded.resolve().read_bytes()
            == (tmp_path / "notebooks" / "01_remains_handovers.ipynb").read_bytes()
        )
        assert (
            page.locator("a.right-next")
            .get_attribute("href")
            .endswith("02_korean_war_death_tolls.html")
        )
        page.screenshot(path=str(SCREENSHOTS / "site_01_remains_handovers.png"))
        page.goto((project.site / "search.html").as_uri() + "?q=half-life")
        page.wait_for_selector("#search-results a[href*='01_remains_handovers']", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "site_search.png"))
        page.goto((project.site / "gallery.html").as_uri())
        assert page.locator(".gallery-chart svg").count() == 7
    finally:
        page.close()
    assert not left, f"requests left the machine: {left}"


def _a_lesson_02_mark_shows_and_links_its_source(page, project) -> None:
    """Hover the US Veterans Affairs' 33,739 (claim c094) on the lesson 02 page."""
    claims = data.load_claims(project.data).set_index("claim_id")
    register = data.load_sources(project.data).set_index("source_id")
    source = register.loc[claims.loc["c094", "source_id"]]
    page.goto((project.site / "notebooks" / "02_korean_war_death_tolls.html").as_uri())
    mark = page.locator("svg .mark[id='mark-c094']").first
    mark.hover()
    assert source["publisher"] in mark.locator("title").text_content()
    link = page.locator("svg a:has(> .mark[id='mark-c094'])").first
    assert link.get_attribute("xlink:href") == source["url"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "site_02_mark_tooltip.png"))


def test_a_mark_shows_and_links_its_source(tmp_path, browser):
    from test_marks import CLAIMS, REGISTER, synthetic_site, write_rows

    data = tmp_path / "data"
    write_rows(data / "raw" / "claims.csv", CLAIMS)
    write_rows(data / "sources.csv", REGISTER)
    folder = synthetic_site(tmp_path, data)
    page, left = offline_page(browser)
    try:
        page.goto((folder / "gallery.html").as_uri())
        mark = page.locator(".gallery-chart svg .mark").first
        mark.hover()
        tooltip = mark.locator("title").text_content()
        assert "The Daily Paper, published 2020-06-25, para 3" in tooltip
        link = page.locator(".gallery-chart svg a").first
        assert link.get_attribute("xlink:href") == "https://example.org/paper?a=1&b=2"
        link.focus()
        tip = page.locator(".mark-tip")
        tip.wait_for(state="visible")
        assert "The Daily Paper" in tip.inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "site_mark_tooltip.png"))
        # The data's "<script>" is text: nothing ran, and it reads as written.
        assert page.evaluate("() => document.querySelectorAll('svg script').length") == 0
        other = page.locator(".gallery-chart svg .mark[id='mark-c2'] title")
        assert "<script>alert(1)</script>" in other.text_content()
        # On the lesson's own page the chart is the same SVG, its marks as live.
        page.goto((folder / "notebooks" / "01_synthetic.html").as_uri())
        mark = page.locator("svg .mark").first
        mark.hover()
        assert "The Daily Paper" in mark.locator("title").text_content()
        assert (
            page.locator("svg a")
            .first.get_attribute("xlink:href")
            .startswith("https://example.org/paper")
        )
    finally:
        page.close()
    assert not left, f"requests left the machine: {left}"
