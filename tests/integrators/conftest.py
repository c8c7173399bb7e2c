"""Fixtures for the integrators' tests: a real `terril serve` on a port with a fresh
SQLite file and the demo data, its outbox folder, and a local webhook receiver.

Run by scripts/integrators.sh, which builds the binary, generates the Python client from
api-spec/openapi.yaml and installs what these tests import from PyPI.
"""

import email
import email.policy
import http.server
import json
import os
import pathlib
import queue
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(os.environ.get("TERRIL_BIN", ROOT / "target/debug/terril"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One Terril instance: its base URL and its outbox folder."""

    def __init__(self, work: pathlib.Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.outbox = work / "outbox"
        self.env = dict(
            os.environ,
            TERRIL_DATABASE_URL=str(work / "terril.db"),
            TERRIL_DATA_DIR=str(work),
            TERRIL_EMAIL__OUTBOX_DIR=str(self.outbox),
            TERRIL_LISTEN=f"127.0.0.1:{self.port}",
            TERRIL_PUBLIC_BASE_URL=self.base,
            TERRIL_LOG_FILTER="warn",
            # The webhook receiver of these tests listens on loopback.
            TERRIL_WEBHOOKS__ALLOWED_PRIVATE_HOSTS="[127.0.0.1]",
            # Every test organisation registers and signs in from the same address; the
            # other budgets keep their defaults (the guide shows their headers).
            TERRIL_RATE_LIMIT__AUTH__REQUESTS="1000",
            TERRIL_RATE_LIMIT__AUTH__BURST="1000",
        )
        subprocess.run([BIN, "demo"], env=self.env, check=True, capture_output=True)
        self.log = open(work / "server.log", "wb")
        self.process = subprocess.Popen([BIN, "serve"], env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while not self.ready():
            assert self.process.poll() is None, "terril serve exited"
            assert time.monotonic() < deadline, "terril serve not ready within 60 s"
            time.sleep(0.1)

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base}/health/ready", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def emails_to(self, address: str, wait: float = 10) -> list[email.message.EmailMessage]:
        """The emails written to the outbox for this address, waiting for the first one."""
        deadline = time.monotonic() + wait
        while True:
            found = []
            for path in sorted(self.outbox.glob("*.eml")):
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if address in str(message["To"]):
                    found.append(message)
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def link_token(self, address: str) -> str:
        """The token of the link in the newest email to this address."""
        messages = self.emails_to(address)
        assert messages, f"no email to {address}"
        text = messages[-1].get_body(("plain",)).get_content()
        match = re.search(r"token=([A-Za-z0-9_-]+)", text)
        assert match, f"no link with a token in the email to {address}"
        return match.group(1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory(prefix="terril-integrators.") as work:
        instance = Server(pathlib.Path(work))
        yield instance
        instance.stop()


class Receiver:
    """An HTTP server on loopback that answers 204 to every POST and keeps what it got."""

    def __init__(self):
        self.received: queue.Queue = queue.Queue()
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                received.put((headers, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def next_of_type(self, event_type: str, wait: float = 15) -> tuple[dict, bytes]:
        """The next delivery whose payload has this type, skipping the others."""
        deadline = time.monotonic() + wait
        while True:
            headers, body = self.received.get(timeout=max(0.1, deadline - time.monotonic()))
            if json.loads(body)["type"] == event_type:
                return headers, body


@pytest.fixture
def receiver():
    instance = Receiver()
    yield instance
    instance.httpd.shutdown()
