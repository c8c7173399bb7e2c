"""Makes the exchanges that give the AGEC declaration and the open-data export rows, on a
running `terril serve`, through the API only (the standard library, no client package).

    python3 exchanges.py <base URL> <outbox folder>

Three organisations sign up (a holder in Lens and two takers, each with a SIRET); the
holder gives each taker office furniture (pieces: no sourced piece mass, so the open-data
cell's tonnes are unknown and left empty) and bricks in tonnes (a known mass). One cell of
each family then involves three organisations, enough to be published. The first taker,
a public buyer whose name starts like a formula, prints its id and access token for the
AGEC declaration: `<organisation id> <access token>`.
"""

import email
import email.policy
import json
import pathlib
import re
import sys
import time
import urllib.error
import urllib.request

BASE, OUTBOX = sys.argv[1], pathlib.Path(sys.argv[2])
LENS = {"latitude": 50.4320, "longitude": 2.8330, "address": "Base 11/19, Loos-en-Gohelle"}
SIRET = "12002701600357"


def call(method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path}: {error.code} {error.read().decode()}")
    return json.loads(text) if text else None


def verification_token(address):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for path in sorted(OUTBOX.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]):
                text = message.get_body(("plain",)).get_content()
                return re.search(r"token=([A-Za-z0-9_-]+)", text).group(1)
        time.sleep(0.2)
    sys.exit(f"no verification email to {address}")


def sign_up(name, slug):
    address, password = f"{slug}@example.org", f"a long {slug} passphrase"
    call("POST", "/api/v1/auth/register", {
        "organisation": {"name": name, "kind": "holder_and_taker", "language": "fr", "siret": SIRET,
                         "address": {"street": "1 rue du Test", "postal_code": "62750",
                                     "city": "Loos-en-Gohelle"}},
        "user": {"name": slug, "email": address, "password": password},
    })
    call("GET", f"/api/v1/auth/verify-email?token={verification_token(address)}")
    session = call("POST", "/api/v1/auth/login", {"email": address, "password": password})
    me = call("GET", "/api/v1/me", token=session["access_token"])
    return me["organisation"]["id"], session["access_token"]


def matches(wanted_id, token):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = call("GET", f"/api/v1/wanted/{wanted_id}/matches", token=token)["items"]
        if found:
            return found
        time.sleep(0.2)
    sys.exit(f"no match for wanted request {wanted_id} within 30 s")


def exchange(holder, taker, material, unit, quantity, price):
    listing = call("POST", "/api/v1/listings?publish=true", {
        "title": f"Lot {material}", "material": material, "quantity": quantity, "unit": unit,
        "condition": "reusable_as_is", "location": LENS, "available_from": "2026-01-01",
        "available_until": "2030-12-31", "price_per_unit_eur": price,
    }, holder)
    wanted = call("POST", "/api/v1/wanted?publish=true", {
        "title": f"Recherche {material}", "material": material, "quantity": quantity, "unit": unit,
        "location": LENS, "max_distance_km": 20, "needed_from": "2026-01-01",
        "needed_until": "2030-06-30", "worst_condition": "needs_reconditioning",
    }, taker)
    found = [m for m in matches(wanted["id"], taker) if m["listing"]["id"] == listing["id"]]
    if not found:
        sys.exit(f"the wanted request {wanted['id']} did not match listing {listing['id']}")
    reservation = call("POST", f"/api/v1/matches/{found[0]['id']}/reservations",
                       {"quantity": quantity}, taker)
    call("POST", f"/api/v1/reservations/{reservation['id']}/confirm", {}, holder)
    call("POST", f"/api/v1/reservations/{reservation['id']}/complete",
         {"price_per_unit_eur": price}, holder)


_, holder = sign_up("Ressourcerie du Bassin", "holder")
buyer_id, buyer = sign_up("+Ville de Lens (achats)", "buyer")
_, other = sign_up("Atelier Réemploi", "taker")
for taker in (buyer, other):
    exchange(holder, taker, "construction.fixtures.furniture", "piece", 12, 35.5)
    exchange(holder, taker, "construction.masonry.bricks", "t", 3, 40.0)
print(buyer_id, buyer)
