"""docs/walkthrough.md, driven through the Python client that openapi-python-client
generates from api-spec/openapi.yaml (package `terril_client`, made by
scripts/integrators.sh), then carried on between two real organisations: the holder's
webhook endpoint receives the reservation, verified with the `standardwebhooks` package
from PyPI, and the holder confirms it.

Every call goes through the generated functions and models; the client raises on any
status the spec does not document, and parsing an answer into its model fails when a
required field is missing, so the served API is held to the spec along the way.
"""

import datetime
import json
import uuid

from standardwebhooks import Webhook
from terril_client import AuthenticatedClient, Client
from terril_client.api.account import get_me
from terril_client.api.api_keys import create_api_key
from terril_client.api.auth import login, register, verify_email_link
from terril_client.api.listings import create_listing, get_listing
from terril_client.api.matches import get_match, list_wanted_matches
from terril_client.api.reservations import confirm_reservation, create_reservation
from terril_client.api.wanted import create_wanted
from terril_client.api.webhooks import create_webhook_endpoint
from terril_client.models import (
    ApiKeyRequest,
    ListingInput,
    LoginRequest,
    RegisterRequest,
    ReservationInput,
    WantedInput,
    WebhookEndpointInput,
)

PASSWORD = "a long passphrase"


def sign_up(server, name: str, kind: str) -> AuthenticatedClient:
    """Steps 1 to 3 of the walkthrough: register, verify the address, log in."""
    anonymous = Client(base_url=server.base, raise_on_unexpected_status=True)
    address = f"{name.lower().replace(' ', '.')}@example.org"
    body = RegisterRequest.from_dict(
        {
            "organisation": {
                "name": name,
                "kind": kind,
                "address": {"street": "12 rue de la Gare", "postal_code": "59000", "city": "Lille", "country": "FR"},
                "language": "en",
            },
            "user": {"name": "Camille Martin", "email": address, "password": PASSWORD},
        }
    )
    assert register.sync_detailed(client=anonymous, body=body).status_code == 202

    token = server.link_token(address)
    verified = verify_email_link.sync(client=anonymous, token=token)
    assert verified.status.value == "verified"

    tokens = login.sync(client=anonymous, body=LoginRequest(email=address, password=PASSWORD))
    return AuthenticatedClient(base_url=server.base, token=tokens.access_token, raise_on_unexpected_status=True)


def test_the_walkthrough_through_the_generated_client(server):
    person = sign_up(server, "Recyclerie du Val", "holder_and_taker")

    # 4 and 5. A read-only key, used both ways the API accepts it.
    key = create_api_key.sync(client=person, body=ApiKeyRequest.from_dict({"name": "inventory sync", "scopes": ["read"]}))
    assert key.secret.startswith("trl_")
    by_bearer = AuthenticatedClient(base_url=server.base, token=key.secret, raise_on_unexpected_status=True)
    by_header = AuthenticatedClient(
        base_url=server.base, token=key.secret, prefix="", auth_header_name="X-API-Key", raise_on_unexpected_status=True
    )
    for client in (by_bearer, by_header):
        me = get_me.sync(client=client)
        assert me.user is None
        assert me.organisation.name == "Recyclerie du Val"

    # 6. A need near Lens matches the demo listings within about a second.
    wanted = create_wanted.sync(
        client=person,
        publish=True,
        body=WantedInput.from_dict(
            {
                "title": "Masonry for an extension",
                "material": "construction.masonry",
                "quantity": 5,
                "unit": "t",
                "max_distance_km": 50,
                "location": {"latitude": 50.432, "longitude": 2.833, "address": "Lens"},
                "needed_from": datetime.date.today().isoformat(),
                "worst_condition": "needs_reconditioning",
            }
        ),
    )
    assert wanted.status.value == "published"
    matches = wait_for_matches(person, wanted.id)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)

    # 7. Reserve the least lot of the best match.
    match = get_match.sync(matches[0].id, client=person)
    listing = get_listing.sync(match.listing.id, client=person)
    lot = max(listing.min_lot or 0, 1)
    reservation = create_reservation.sync(match.id, client=person, body=ReservationInput(quantity=lot))
    assert reservation.status.value == "requested"
    assert reservation.quantity == lot
    kinds = [event.kind.value for event in get_match.sync(match.id, client=person).events]
    assert "reservation_requested" in kinds


def test_a_holder_hears_of_the_reservation_by_webhook_and_confirms_it(server, receiver):
    holder = sign_up(server, "Deconstruction Artois", "holder")
    taker = sign_up(server, "Batisseurs de Lille", "taker")

    endpoint = create_webhook_endpoint.sync(
        client=holder,
        body=WebhookEndpointInput.from_dict(
            {"url": receiver.url, "event_types": ["reservation.*"], "description": "ERP"}
        ),
    )
    assert endpoint.secret.startswith("whsec_")

    today = datetime.date.today().isoformat()
    listing = create_listing.sync(
        client=holder,
        publish=True,
        idempotency_key=str(uuid.uuid4()),
        body=ListingInput.from_dict(
            {
                "title": "Briques pleines de réemploi",
                "material": "construction.masonry.bricks",
                "quantity": 12,
                "unit": "t",
                "condition": "reusable_as_is",
                "location": {"latitude": 50.4573, "longitude": 2.7952, "address": "Loos-en-Gohelle"},
                "available_from": today,
            }
        ),
    )
    wanted = create_wanted.sync(
        client=taker,
        publish=True,
        body=WantedInput.from_dict(
            {
                "title": "Briques pour une extension",
                "material": "construction.masonry.bricks",
                "quantity": 5,
                "unit": "t",
                "max_distance_km": 60,
                "location": {"latitude": 50.6292, "longitude": 3.0573, "address": "Lille"},
                "needed_from": today,
                "worst_condition": "reusable_as_is",
            }
        ),
    )
    match = next(m for m in wait_for_matches(taker, wanted.id) if m.listing.id == listing.id)
    reservation = create_reservation.sync(match.id, client=taker, body=ReservationInput(quantity=5))

    headers, body = receiver.next_of_type("reservation.requested")
    payload = Webhook(endpoint.secret).verify(body, headers)
    assert payload["data"]["resource_id"] == str(reservation.id)
    assert payload["data"]["resource"]["quantity"] == 5
    assert json.loads(body) == payload

    confirmed = confirm_reservation.sync(reservation.id, client=holder)
    assert confirmed.status.value == "confirmed"
    headers, body = receiver.next_of_type("reservation.confirmed")
    assert Webhook(endpoint.secret).verify(body, headers)["data"]["resource_id"] == str(reservation.id)


def wait_for_matches(client: AuthenticatedClient, wanted_id, wait: float = 10):
    """The wanted request's matches, once the matcher has found at least one."""
    import time

    deadline = time.monotonic() + wait
    while True:
        page = list_wanted_matches.sync(wanted_id, client=client)
        if page.items or time.monotonic() > deadline:
            assert page.items, "no match within 10 s"
            return page.items
        time.sleep(0.2)
