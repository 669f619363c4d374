"""The real extension in Debian's Chromium, against the real service and pages served on 127.0.0.1."""

import functools
import http.server
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXTENSION = ROOT / "extension"
PAGES = Path(__file__).resolve().parent / "pages"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def page_server(directory=PAGES):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_with_extension(playwright, settings):
    """A persistent Chromium profile with the unpacked extension; `settings` go into its storage first."""
    profile = tempfile.mkdtemp(prefix="spoiler-chromium-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True,
        args=[f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}", *FLAGS],
    )
    try:
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        worker.evaluate("settings => chrome.storage.local.set(settings)", {"welcomed": True, **settings})
        yield context, worker
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def blurred_groups(page):
    """The text of each blurred (not revealed) spoiler on the page, one string per spoiler."""
    return page.evaluate("""() => {
        const groups = new Map();
        for (const span of document.querySelectorAll('.ss-spoiler:not(.ss-revealed)')) {
            const key = span.dataset.ssGroup;
            groups.set(key, (groups.get(key) || '') + span.textContent);
        }
        return [...groups.values()];
    }""")


def wait_until_checked(page, timeout=15000):
    """Wait until no block is waiting for its answer."""
    page.wait_for_function("() => !document.querySelector('[data-ss-pending]')", timeout=timeout)
