-- POST /api/v1/listings with the token in TOKEN; with KEYED=1, each request carries a new
-- Idempotency-Key (thread id and counter).
local token = os.getenv("TOKEN")
local keyed = os.getenv("KEYED") == "1"
local body = [[{"title":"Briques pleines","description":"Lot de briques rouges.",
"material":"construction.masonry.bricks","quantity":3000,"unit":"piece","min_lot":500,
"condition":"reusable_as_is","location":{"latitude":50.432,"longitude":2.833,"address":"Lens"},
"available_from":"2026-01-01","available_until":"2030-12-31","price_per_unit_eur":0.3}]]
local counter = 0
local threads = 0

-- Keys never repeat: per thread, per run, then a counter.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = "bench-" .. tostring(tid) .. "-" .. tostring(os.time())
end

request = function()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }
  if keyed then
    headers["Idempotency-Key"] = prefix .. "-" .. counter
  end
  return wrk.format("POST", "/api/v1/listings", headers, body)
end
