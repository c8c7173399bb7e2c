"""A webhook receiver for scripts/bench/webhooks.sh: answers 204 to every POST and
appends "<received at, Unix seconds>,<payload timestamp>" per request to the file given,
so the script can tell throughput and the delay from event to receipt."""
import sys
import time

from aiohttp import web

port, out_path = int(sys.argv[1]), sys.argv[2]
out = open(out_path, "a", buffering=1 << 16)


async def receive(request: web.Request) -> web.Response:
    body = await request.json()
    out.write(f"{time.time():.6f},{body['timestamp']}\n")
    return web.Response(status=204)


async def flush(_request: web.Request) -> web.Response:
    out.flush()
    return web.Response(status=204)


app = web.Application()
app.router.add_post("/flush", flush)
app.router.add_post("/{tail:.*}", receive)
web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)
