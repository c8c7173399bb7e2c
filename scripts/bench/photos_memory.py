"""The photos of scripts/bench/photos-memory.sh: makes the images, then sends them.

    photos_memory.py make FOLDER
        the largest accepted images (24 MP, about 9.5 MB each): a baseline JPEG, a
        progressive JPEG and an RGBA PNG, and a 12,000 x 12,000 PNG of about 410 KiB (the
        image of issue 23), kept in FOLDER and made once.
    photos_memory.py send BASE TOKEN PID IMAGE UPLOADS FOLDER
        creates UPLOADS listings, sends IMAGE to each at once (one thread each), then the
        huge PNG once they are all under way, and prints what the server with PID held.
"""
import http.client
import io
import json
import os
import sys
import threading
import time
from urllib.parse import urlparse

WIDTH, HEIGHT = 6000, 4000  # 24,000,000 pixels: the default `photos.max_pixels`
HUGE = 12_000

LISTING = {
    "title": "Briques pleines",
    "description": "Lot de briques rouges.",
    "material": "construction.masonry.bricks",
    "quantity": 3000,
    "unit": "piece",
    "condition": "reusable_as_is",
    "location": {"latitude": 50.432, "longitude": 2.833, "address": "Lens"},
    "available_from": "2026-01-01",
}


def make(folder):
    from PIL import Image

    os.makedirs(folder, exist_ok=True)

    def photo(sigma):
        # Gradients under Gaussian noise: a JPEG as large as a camera's at this size.
        bands = []
        for angle in (0, 90, 45):
            gradient = Image.linear_gradient("L").rotate(angle).resize((WIDTH, HEIGHT))
            noise = Image.effect_noise((WIDTH, HEIGHT), sigma)
            bands.append(Image.blend(gradient, noise, 0.5))
        return Image.merge("RGB", bands)

    def save(name, image, **options):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            image().save(path, **options)
        print(f"{name}: {os.path.getsize(path):,} bytes", file=sys.stderr)

    save("jpeg.jpg", lambda: photo(42), format="JPEG", quality=85)
    save("progressive.jpg", lambda: photo(50), format="JPEG", quality=85, progressive=True)

    def png():
        bands = [
            Image.linear_gradient("L").rotate(a).resize((WIDTH, HEIGHT)) for a in (0, 90, 45)
        ]
        image = Image.merge("RGB", bands).convert("RGBA")
        noise = Image.effect_noise((WIDTH, 400), 64)
        image.paste(Image.merge("RGBA", [noise] * 4), (0, 0))
        return image

    save("png.png", png, format="PNG")
    save("huge.png", lambda: Image.new("RGB", (HUGE, HUGE)), format="PNG", optimize=True)


def request(base, method, path, token, body, kind):
    url = urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=900)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": kind}
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, data


def memory(pid):
    """VmHWM and VmRSS of the process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                fields[name] = int(value.split()[0]) / 1024
    return fields["VmHWM"], fields["VmRSS"]


def send(base, token, pid, image, uploads, folder):
    listings = []
    for _ in range(uploads):
        status, data = request(
            base, "POST", "/api/v1/listings", token, json.dumps(LISTING), "application/json"
        )
        assert status == 201, (status, data)
        listings.append(json.loads(data)["id"])
    with open(image, "rb") as f:
        body = f.read()
    with open(os.path.join(folder, "huge.png"), "rb") as f:
        huge = f.read()
    _, before = memory(pid)
    statuses = [None] * uploads
    start = threading.Barrier(uploads + 1)

    kind = "image/png" if image.endswith(".png") else "image/jpeg"

    def upload(n):
        start.wait()
        path = f"/api/v1/listings/{listings[n]}/photos"
        statuses[n] = request(base, "POST", path, token, body, kind)[0]

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(uploads)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    start.wait()
    # Once every upload is under way, the huge PNG: refused at once, not after them.
    time.sleep(1.0)
    sent = time.monotonic()
    status, data = request(
        base, "POST", f"/api/v1/listings/{listings[0]}/photos", token, huge, "image/png"
    )
    huge_ms = (time.monotonic() - sent) * 1000
    problem = json.loads(data)
    code = (problem.get("errors") or [{}])[0].get("code", problem.get("code"))
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    peak, after = memory(pid)
    time.sleep(5)
    _, later = memory(pid)
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(
        f"{os.path.basename(image)} ({len(body):,} bytes) x {uploads}: answers {counts} "
        f"in {took:.1f} s; huge PNG {status} {code} in {huge_ms:.0f} ms; "
        f"RSS before {before:.0f} MB, peak (VmHWM) {peak:.0f} MB, "
        f"after {after:.0f} MB, 5 s later {later:.0f} MB"
    )


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        base, token, pid, image, uploads, folder = sys.argv[2:8]
        send(base, token, int(pid), image, int(uploads), folder)
