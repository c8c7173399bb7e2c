"""The soak test's steady mixed load, then its report (standard library only).

Threads, spread over the API instances given: searchers; holders posting and editing
listings, withdrawing the oldest so that each keeps about 25 up (a steady catalogue); pairs of organisations running whole exchanges (a listing, a wanted
request, the match, a reservation confirmed and completed); and a steady trickle of
registrations, each verified from its email. Every answer is counted by status.

    python load.py --bases http://127.0.0.1:8111,http://127.0.0.1:8112 \
        --mail <folder the SMTP sink writes> --duration 1800 --out <report.json>
"""
import argparse
import collections
import email
import email.policy
import http.client
import json
import pathlib
import random
import re
import threading
import time
import urllib.parse

PASSWORD = "a long soak passphrase"
TOWNS = [
    (50.4320, 2.8330), (50.6292, 3.0573), (50.3570, 3.5230), (50.2910, 2.7775),
    (50.6942, 3.1746), (50.1760, 3.2350), (49.8941, 2.2958), (50.7264, 1.6147),
]
CLASSES = ["construction.masonry", "construction.timber", "textiles", "sediments"]

statuses = collections.Counter()
lock = threading.Lock()
stop = threading.Event()
registered = []


class Client:
    """One keep-alive connection per thread and instance."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.conn = None
        self.token = None

    def call(self, method: str, path: str, body=None, count=True):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 1:
                    with lock:
                        statuses["connection_error"] += 1
                    return 0, None
        if count:
            route = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", path.split("?")[0])
            with lock:
                statuses[str(response.status)] += 1
                if response.status >= 500:
                    statuses[f"{response.status} {method} {route}"] += 1
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, None


def token_for(mail: pathlib.Path, address: str, deadline: float) -> str:
    """The token of the last email to `address`, once the sink has it."""
    while time.time() < deadline:
        for path in sorted(mail.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(r"token=([A-Za-z0-9_-]+)", part.get_content())
                    if found:
                        return found.group(1)
        time.sleep(0.5)
    raise RuntimeError(f"no email reached {address}")


def register(client: Client, mail: pathlib.Path, label: str) -> dict:
    address = f"{label}-{random.getrandbits(48):x}@soak.test"
    body = {
        "organisation": {
            "name": f"Soak {label}", "kind": "holder_and_taker", "siret": "12002701600357",
            "address": {"street": "Base 11/19", "postal_code": "62750",
                        "city": "Loos-en-Gohelle", "country": "FR"},
            "language": "fr",
        },
        "user": {"name": "Soak", "email": address, "password": PASSWORD},
    }
    client.call("POST", "/api/v1/auth/register", body)
    with lock:
        registered.append(address)
    token = token_for(mail, address, time.time() + 120)
    client.call("POST", "/api/v1/auth/verify-email", {"token": token})
    return {"email": address}


def sign_in(client: Client, user: dict) -> None:
    client.token = None
    status, tokens = client.call("POST", "/api/v1/auth/login",
                                 {"email": user["email"], "password": PASSWORD})
    if status == 200:
        client.token = tokens["access_token"]


def authed(client: Client, user: dict, method: str, path: str, body=None):
    """A call as `user`, signing in again when the access token has expired."""
    status, answer = client.call(method, path, body)
    if status == 401:
        sign_in(client, user)
        status, answer = client.call(method, path, body)
    return status, answer


def listing(centre, quantity=3000) -> dict:
    lat, lon = centre
    return {
        "title": "Briques pleines de récupération",
        "description": "Briques rouges nettoyées, lot du soak.",
        "material": "construction.masonry.bricks",
        "quantity": quantity, "unit": "piece", "min_lot": 10,
        "condition": "reusable_as_is",
        "location": {"latitude": lat + random.uniform(-0.05, 0.05),
                     "longitude": lon + random.uniform(-0.05, 0.05), "address": "Soak"},
        "available_from": "2026-01-01", "available_until": "2030-12-31",
        "price_per_unit_eur": 0.3,
    }


def wanted(centre) -> dict:
    lat, lon = centre
    return {
        "title": "Briques pour une extension",
        "material": "construction.masonry",
        "quantity": 100, "unit": "piece",
        "location": {"latitude": lat, "longitude": lon, "address": "Soak"},
        "max_distance_km": 50, "needed_from": "2026-01-01", "needed_until": "2030-06-30",
        "worst_condition": "needs_reconditioning",
    }


def pace(seconds: float) -> None:
    stop.wait(random.uniform(0.5, 1.5) * seconds)


def searcher(bases, _mail) -> None:
    clients = [Client(b) for b in bases]
    while not stop.is_set():
        lat, lon = random.choice(TOWNS)
        query = f"lat={lat}&lon={lon}&radius_km=50&material={random.choice(CLASSES)}"
        if random.random() < 0.2:
            query += "&q=briques"
        random.choice(clients).call("GET", f"/api/v1/listings?{query}")
        pace(0.05)


# Each holder keeps about this many listings up: a steady state, so that memory that
# keeps growing is a leak and not a growing catalogue.
LIVE_LISTINGS = 25


def holder(bases, mail) -> None:
    clients = [Client(b) for b in bases]
    user = register(clients[0], mail, "holder")
    for client in clients:
        sign_in(client, user)
    live = collections.deque()
    while not stop.is_set():
        client = random.choice(clients)
        status, posted = authed(client, user, "POST", "/api/v1/listings",
                                listing(random.choice(TOWNS)))
        if status == 201:
            path = f"/api/v1/listings/{posted['id']}"
            authed(client, user, "POST", f"{path}/publish", {})
            live.append(path)
            if random.random() < 0.3:
                edited = listing(random.choice(TOWNS), quantity=2000)
                authed(random.choice(clients), user, "PUT", path, edited)
        while len(live) > LIVE_LISTINGS:
            authed(random.choice(clients), user, "POST", f"{live.popleft()}/withdraw", {})
        pace(1.0)


def exchanges(bases, mail) -> None:
    clients = [Client(b) for b in bases]
    holder_user = register(clients[0], mail, "giver")
    taker_user = register(clients[0], mail, "taker")
    holders, takers = [Client(b) for b in bases], [Client(b) for b in bases]
    for client in holders:
        sign_in(client, holder_user)
    for client in takers:
        sign_in(client, taker_user)
    while not stop.is_set():
        town = random.choice(TOWNS)
        h, t = random.choice(holders), random.choice(takers)
        status, posted = authed(h, holder_user, "POST", "/api/v1/listings", listing(town))
        if status != 201:
            pace(2)
            continue
        authed(h, holder_user, "POST", f"/api/v1/listings/{posted['id']}/publish", {})
        status, need = authed(t, taker_user, "POST", "/api/v1/wanted", wanted(town))
        if status != 201:
            pace(2)
            continue
        authed(t, taker_user, "POST", f"/api/v1/wanted/{need['id']}/publish", {})
        match_id = None
        deadline = time.time() + 20
        while match_id is None and time.time() < deadline and not stop.is_set():
            status, page = authed(t, taker_user, "GET", f"/api/v1/wanted/{need['id']}/matches")
            for found in (page or {}).get("items", []):
                if (found.get("listing") or {}).get("id") == posted["id"]:
                    match_id = found["id"]
            if match_id is None:
                stop.wait(0.5)
        if match_id is not None:
            status, reservation = authed(t, taker_user, "POST",
                                         f"/api/v1/matches/{match_id}/reservations",
                                         {"quantity": 10})
            if status == 201:
                path = f"/api/v1/reservations/{reservation['id']}"
                authed(h, holder_user, "POST", f"{path}/confirm", {})
                authed(h, holder_user, "POST", f"{path}/complete", {})
        authed(t, taker_user, "POST", f"/api/v1/wanted/{need['id']}/withdraw", {})
        authed(h, holder_user, "POST", f"/api/v1/listings/{posted['id']}/withdraw", {})
        pace(3)


def registrations(bases, mail) -> None:
    clients = [Client(b) for b in bases]
    while not stop.is_set():
        try:
            register(random.choice(clients), mail, "new")
        except RuntimeError:
            with lock:
                statuses["verification_email_missing"] += 1
        pace(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bases", required=True)
    parser.add_argument("--mail", required=True, type=pathlib.Path)
    parser.add_argument("--duration", type=float, default=1800)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    bases = args.bases.split(",")
    roles = [searcher] * 4 + [holder] * 2 + [exchanges] * 2 + [registrations]
    threads = [threading.Thread(target=role, args=(bases, args.mail), daemon=True)
               for role in roles]
    started = time.time()
    for thread in threads:
        thread.start()
    stop.wait(args.duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    report = {"seconds": round(time.time() - started), "answers": dict(statuses),
              "registrations": len(registered)}
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
