"""Runs every example of docs/integrators.md against a real server.

Each fenced block of the guide is preceded by `<!-- example: name -->`; this file has one
test per name, which runs the block as it is written (shell under bash with `curl` made to
fail on an error status, Python with exec) after replacing the guide's host
`https://terril.example.org` by the test server, and checks what it did. A block without
a name, or a name without a test here, fails `test_every_example_is_run`.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import uuid

import pytest

from conftest import ROOT

GUIDE = ROOT / "docs/integrators.md"
HOST = "https://terril.example.org"
MARKER = re.compile(r"<!-- example: ([a-z_]+) -->")


def examples() -> dict[str, tuple[str, str]]:
    """name -> (language, code) of every named block; asserts every block is named."""
    found, lines, name = {}, GUIDE.read_text().splitlines(), None
    i = 0
    while i < len(lines):
        marker = MARKER.fullmatch(lines[i].strip())
        if marker:
            name = marker.group(1)
        elif lines[i].startswith("```"):
            assert name, f"docs/integrators.md:{i + 1}: a code block without an example marker"
            language, end = lines[i][3:].strip(), lines.index("```", i + 1)
            assert name not in found, f"example {name} is named twice"
            found[name] = (language, "\n".join(lines[i + 1 : end]) + "\n")
            i, name = end, None
        i += 1
    return found


EXAMPLES = examples()


def code(name: str, language: str) -> str:
    actual_language, text = EXAMPLES[name]
    assert actual_language == language
    return text


def test_every_example_is_run():
    tested = {name.removeprefix("test_example_") for name in globals() if name.startswith("test_example_")}
    assert set(EXAMPLES) == tested


def run_sh(name: str, server, workdir: pathlib.Path, **env) -> str:
    """Runs a shell example in `workdir` and returns what it printed. The PATH has the
    system's tools and this virtual environment's (openapi-python-client)."""
    script = "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n"
    script += code(name, "sh").replace(HOST, server.base)
    path = f"{pathlib.Path(sys.executable).parent}:/usr/bin:/bin"
    done = subprocess.run(
        ["bash", "-c", script], cwd=workdir, env={"PATH": path, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, f"example {name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def run_python(name: str, **names) -> dict:
    scope = dict(names)
    exec(compile(code(name, "python"), f"docs/integrators.md:{name}", "exec"), scope)
    return scope


@pytest.fixture(scope="module")
def org(server):
    """A verified owner of a fresh organisation, with a read and write API key."""
    return Org(server)


class Org:
    def __init__(self, server):
        import httpx

        self.http = httpx.Client(base_url=server.base, timeout=10)
        name = f"guide{uuid.uuid4().hex[:8]}"
        address = f"{name}@example.org"
        answer = self.http.post(
            "/api/v1/auth/register",
            json={
                "organisation": {
                    "name": name,
                    "kind": "holder_and_taker",
                    "language": "en",
                    "address": {"street": "1 rue du Test", "postal_code": "62750", "city": "Loos-en-Gohelle"},
                },
                "user": {"name": name, "email": address, "password": "a long guide passphrase"},
            },
        )
        assert answer.status_code == 202, answer.text
        token = server.link_token(address)
        assert self.http.get("/api/v1/auth/verify-email", params={"token": token}).status_code == 200
        tokens = self.http.post("/api/v1/auth/login", json={"email": address, "password": "a long guide passphrase"})
        self.access = tokens.json()["access_token"]
        self.user = {"Authorization": f"Bearer {self.access}"}
        key = self.http.post("/api/v1/api-keys", headers=self.user, json={"name": "guide", "scopes": ["read", "write"]})
        self.key = key.json()["secret"]
        self.organisation = self.http.get("/api/v1/me", headers=self.user).json()["organisation"]["id"]

    def created_listings(self) -> list[str]:
        """The ids of every listing this organisation created, from the change feed."""
        ids, after = [], None
        while True:
            page = self.http.get("/api/v1/changes", params={"limit": 100, **({"after": after} if after else {})},
                                 headers=self.user).json()
            if not page["items"]:
                return ids
            ids += [c["resource_id"] for c in page["items"] if c["type"] == "listing.created" and c.get("resource")
                    and c["resource"]["organisation_id"] == self.organisation]
            after = page["next_cursor"]


LISTING = {
    "title": "Briques pleines",
    "material": "construction.masonry.bricks",
    "quantity": 4000,
    "unit": "piece",
    "condition": "reusable_as_is",
    "location": {"latitude": 50.4573, "longitude": 2.7952, "address": "Loos-en-Gohelle"},
    "available_from": "2026-12-01",
}


def test_example_generate_client(server, tmp_path):
    run_sh("generate_client", server, tmp_path)
    assert (tmp_path / "terril_client" / "api" / "listings" / "search_listings.py").is_file()
    # It imports on its own, not the copy these tests use.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", "import terril_client.api.listings.search_listings as s; print(s.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.stdout.startswith(str(tmp_path)), done.stderr


def test_example_create_key(server, org, tmp_path):
    out = run_sh("create_key", server, tmp_path, ACCESS=org.access)
    created = json.loads(out)
    assert created["secret"].startswith("trl_")
    assert created["api_key"]["scopes"] == ["read", "write"]


def test_example_problem(server, org):
    shown = json.loads(code("problem", "json"))
    body = dict(LISTING, location={"latitude": 95, "longitude": 2.7952, "address": "Loos-en-Gohelle"})
    answer = org.http.post("/api/v1/listings", headers=org.user, json=body)
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert set(problem) == set(shown)
    for key in ("type", "title", "status", "code", "errors"):
        assert problem[key] == shown[key], key


def test_example_pagination(server, org, tmp_path):
    out = run_sh("pagination", server, tmp_path)
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    everything = org.http.get("/api/v1/listings", params={"lat": 50.432, "lon": 2.833, "radius_km": 30, "limit": 100})
    assert len(ids) == len(set(ids)) == len(everything.json()["items"]) > 10


def test_example_rate_limit_headers(server, tmp_path):
    out = run_sh("rate_limit_headers", server, tmp_path).lower()
    assert "ratelimit-policy:" in out and "ratelimit:" in out


def test_example_idempotent_post(server, org, tmp_path):
    (tmp_path / "listing.json").write_text(json.dumps(LISTING))
    before = org.created_listings()
    first = json.loads(run_sh("idempotent_post", server, tmp_path, TERRIL_KEY=org.key))
    again = json.loads(run_sh("idempotent_post", server, tmp_path, TERRIL_KEY=org.key))
    assert first["id"] == again["id"]
    assert org.created_listings() == before + [first["id"]]


def test_example_if_match(server, org, tmp_path):
    created = org.http.post("/api/v1/listings", headers=org.user, json=LISTING).json()
    (tmp_path / "listing.json").write_text(json.dumps(dict(LISTING, title="Briques pleines, lot de 4 000")))
    run_sh("if_match", server, tmp_path, TERRIL_KEY=org.key, ID=created["id"])
    assert org.http.get(f"/api/v1/listings/{created['id']}", headers=org.user).json()["title"] == (
        "Briques pleines, lot de 4 000"
    )


def test_example_change_feed(server, org, tmp_path):
    seen = []
    for _ in range(1000):
        run_sh("change_feed", server, tmp_path, TERRIL_KEY=org.key)
        page = json.loads((tmp_path / "page.json").read_text())
        if not page["items"]:
            break
        seen += [change["id"] for change in page["items"]]
    assert seen and len(seen) == len(set(seen))
    # Up to date: one more change is the only one the next poll brings.
    created = org.http.post("/api/v1/listings?publish=true", headers=org.user, json=LISTING).json()
    run_sh("change_feed", server, tmp_path, TERRIL_KEY=org.key)
    page = json.loads((tmp_path / "page.json").read_text())
    assert {change["resource_id"] for change in page["items"]} == {created["id"]}


@pytest.fixture(scope="module")
def delivery(server, org):
    """A real delivery of listing.published: its endpoint's secret, headers and body."""
    from conftest import Receiver

    receiver = Receiver()
    endpoint = org.http.post(
        "/api/v1/webhook-endpoints",
        headers=org.user,
        json={"url": receiver.url, "event_types": ["listing.published"], "description": "guide"},
    ).json()
    org.http.post("/api/v1/listings?publish=true", headers=org.user, json=LISTING)
    headers, body = receiver.next_of_type("listing.published")
    receiver.httpd.shutdown()
    return endpoint["secret"], headers, body


def test_example_webhook_payload(delivery):
    shown = json.loads(code("webhook_payload", "json"))
    _, _, body = delivery
    sent = json.loads(body)
    assert set(sent) == set(shown)
    assert set(sent["data"]) == set(shown["data"])
    assert sent["type"] == shown["type"] == sent["data"]["type"]


def test_example_verify_with_library(delivery):
    secret, headers, body = delivery
    receive = run_python("verify_with_library", TERRIL_WEBHOOK_SECRET=secret)["receive"]
    assert receive(body, headers)["type"] == "listing.published"
    with pytest.raises(Exception):
        receive(body.replace(b"Briques", b"Tuiles"), headers)


def test_example_verify_by_hand(delivery):
    secret, headers, body = delivery
    verify = run_python("verify_by_hand")["verify"]
    assert verify(secret, headers, body)
    assert not verify(secret, headers, body.replace(b"Briques", b"Tuiles"))
    assert not verify(secret, dict(headers, **{"webhook-timestamp": "1000000000"}), body)
    assert not verify("whsec_" + "A" * 43 + "=", headers, body)
