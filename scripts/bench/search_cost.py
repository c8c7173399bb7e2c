"""The cost of each accepted search form against an ordinary search, then an ordinary
search's latency from one client while 4 others send the costliest form within their
search budgets. Run by scripts/bench/search-cost.sh against a running server whose
trusted proxies include 127.0.0.1, so each client is told apart by X-Forwarded-For."""
import http.client
import os
import statistics
import threading
import time

PORT = int(os.environ.get("PORT", "8099"))
ROUNDS = int(os.environ.get("ROUNDS", "40"))
FRANCE = "lat=46.6&lon=2.4&radius_km=1000"
FORMS = {
    "ordinary (50 km, one class, 20)": "lat=50.4320&lon=2.8330&radius_km=50&material=construction.masonry&limit=20",
    "recent, all of France, updated_since, 100": f"{FRANCE}&updated_since=2000-01-01T00:00:00Z&sort=recent&limit=100",
    "recent, anywhere, 100": "sort=recent&limit=100",
    "recent, anywhere, one rare class, 100": "material=sediments.marine_dredged&sort=recent&limit=100",
    "recent, all of France, nothing matches, 100": f"{FRANCE}&updated_since=2999-01-01T00:00:00Z&sort=recent&limit=100",
    "recent, box of France, 100": "bbox=-5.2,41.3,9.6,51.1&sort=recent&limit=100",
    "distance, all of France, nothing matches, 100": f"{FRANCE}&updated_since=2999-01-01T00:00:00Z&limit=100",
    "distance, all of France, max_price 0, 100": f"{FRANCE}&max_price=0&condition=unused&limit=100",
    "words no post holds, all of France, 100": f"{FRANCE}&q=zzzzqqq&limit=100",
}


def distance_cursor(km):
    import struct
    bits = struct.unpack(">Q", struct.pack(">d", km))[0]
    return f"d{bits:016x}.{'f' * 32}"


FORMS["distance, cursor 990 km out, 100"] = f"{FRANCE}&limit=100&cursor={distance_cursor(990.0)}"


def get(conn, query, client="10.9.9.9"):
    """One search: its status ("reset" when the server dropped the connection, which is
    then opened again) and its time in ms."""
    started = time.perf_counter()
    try:
        conn.request("GET", f"/api/v1/listings?{query}", headers={"X-Forwarded-For": client})
        response = conn.getresponse()
        response.read()
        status = response.status
    except (ConnectionError, http.client.HTTPException, TimeoutError):
        conn.close()
        status = "reset"
    return status, (time.perf_counter() - started) * 1000


def median_ms(query, rounds=ROUNDS, client="10.9.9.9"):
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    times = []
    for n in range(rounds):
        status, ms = get(conn, query, f"{client}{n % 50}" if client.endswith(".") else client)
        assert status == 200, (status, query)
        times.append(ms)
    return statistics.median(times), max(times)


def alone():
    print(f"{'form':50} {'p50 ms':>8} {'max ms':>8} {'x ordinary':>10}")
    base = None
    for name, query in FORMS.items():
        # A new client address every request, so the budgets measure nothing here.
        p50, worst = median_ms(query, client="10.1.0.")
        base = base or p50
        print(f"{name:50} {p50:8.2f} {worst:8.2f} {p50 / base:10.1f}")


def costly_client(address, stop, counts):
    """Sends the costliest form in a loop from one address: past its budget the server
    answers 429 at once, so the client spends its budget and no more."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    query = FORMS["recent, all of France, updated_since, 100"]
    while not stop.is_set():
        status, _ = get(conn, query, address)
        counts[status] = counts.get(status, 0) + 1
        if status == 429:
            time.sleep(0.01)


def beside_costly():
    ordinary = FORMS["ordinary (50 km, one class, 20)"]
    quiet, _ = median_ms(ordinary, rounds=200, client="10.2.0.")
    stop, counts = threading.Event(), {}
    clients = [threading.Thread(target=costly_client, args=(f"10.3.0.{n}", stop, counts)) for n in range(4)]
    for c in clients:
        c.start()
    time.sleep(1)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    times, failed = [], 0
    for n in range(400):
        status, ms = get(conn, ordinary, f"10.4.0.{n % 200}")
        times.append(ms)
        failed += status != 200
        time.sleep(0.02)
    stop.set()
    for c in clients:
        c.join()
    times.sort()
    print(f"ordinary search alone: p50 {quiet:.2f} ms")
    print(f"beside 4 clients sending the costliest form within their budgets: "
          f"p50 {statistics.median(times):.2f} ms, p90 {times[int(len(times) * 0.9)]:.2f} ms, "
          f"{failed} of {len(times)} not answered 200 (costly answers by status: {counts})")


if __name__ == "__main__":
    alone()
    beside_costly()
