"""Browser tests: Debian's Chromium driven by pytest-playwright against a live Django server.

The server runs in a thread on the test's own database connection, one request at a time, so it
sees the Gunung Mas data loaded for the session and the users each test creates, and everything
the browser writes is rolled back with the test (SQLite and PostgreSQL alike). pytest-django's
own live_server would need transactional_db, whose flush would wipe the session's data.
"""

import os
from collections.abc import Iterator

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread, _MediaFilesHandler
from playwright.sync_api import ConsoleMessage, Page, expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SANDI = "rahasia-uji-123"

# The machine running the suite may be busy (a row is rendered by Django on 2 shared cores):
# waiting longer than Playwright's 5 s default for a swapped row costs nothing when it is quick.
expect.set_options(timeout=20_000)

# Playwright's sync API keeps an asyncio loop in the main thread; Django would then refuse the
# test's own (synchronous) database calls as if they came from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items) -> None:
    """Mark the browser tests and run them last: Playwright's asyncio loop stays running in the
    main thread until the session ends, and code calling ``asyncio.run`` (pyHanko's signing)
    fails inside a running loop."""
    di_peramban = []
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            di_peramban.append(item)
    terpilih = {id(item) for item in di_peramban}
    lain = [item for item in items if id(item) not in terpilih]
    items[:] = lain + di_peramban


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # Never `playwright install`: the Debian package is the browser.
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


class _ServerSatuPermintaan(WSGIServer):
    """Serves one request at a time in the server thread (WSGIServer is not threaded), so the
    shared connection is never used by two requests at once; Django answers each with
    Connection: close."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class _ThreadServer(LiveServerThread):
    server_class = _ServerSatuPermintaan

    def run(self) -> None:
        # LiveServerThread.run without its final connections.close_all(): the connections are
        # the test's, and its transaction is still open when the server stops.
        for alias, conn in self.connections_override.items():
            connections[alias] = conn
        try:
            self.httpd = self._create_server(connections_override=self.connections_override)
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(self.static_handler(_MediaFilesHandler(WSGIHandler())))
        except Exception as e:  # noqa: BLE001 - reported to the main thread
            self.error = e
            self.is_ready.set()
            return
        self.is_ready.set()
        self.httpd.serve_forever()


@pytest.fixture
def server(db) -> Iterator[str]:
    """The base URL of a live server sharing this test's database connection."""
    bersama = {alias: connections[alias] for alias in connections}
    for conn in bersama.values():
        conn.inc_thread_sharing()
    # The test client does the same: closing "old" connections at the end of a request would
    # close the shared connection in the middle of the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    thread = _ThreadServer("127.0.0.1", StaticFilesHandler, connections_override=bersama)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        for conn in bersama.values():
            conn.dec_thread_sharing()


class Konsol:
    """Console errors, page errors and CSP violations of a page (a CSP violation is reported
    as a console error, "Refused to ... because it violates the following Content Security
    Policy directive")."""

    def __init__(self, page: Page) -> None:
        self.galat: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.galat.append(f"pageerror: {exc}"))

    def _console(self, pesan: ConsoleMessage) -> None:
        if pesan.type in ("error", "warning") and (
            pesan.type == "error" or "Content Security Policy" in pesan.text
        ):
            self.galat.append(f"{pesan.type}: {pesan.text} ({pesan.location.get('url', '')})")


@pytest.fixture
def konsol(page: Page) -> Konsol:
    return Konsol(page)


def masuk(page: Page, server: str, username: str, password: str = SANDI) -> None:
    """Log in through the login form, as a person would."""
    page.goto(f"{server}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)
