-- wrk script: the pages as people use them, rotating over the search page (a commune by
-- name, 50 km, one class, 50 results rendered with the map's list), listings' pages (ids
-- from the file named by PAGES_LISTINGS, one per line, written by run.sh), the home page
-- and the sign-in form.
local places = {
  "Lille", "Lens (62)", "Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Strasbourg",
  "Bordeaux", "Amiens", "Arras", "Dunkerque", "Rouen", "Dijon", "Rennes", "Nice",
}
local classes = {
  "construction.masonry", "construction.timber", "construction.metals", "textiles",
  "sediments", "construction.roofing", "construction.doors_windows", "construction.flooring",
}
local paths = {}
for _, p in ipairs(places) do
  for _, c in ipairs(classes) do
    paths[#paths + 1] = string.format("/search?place=%s&radius_km=50&material=%s",
      p:gsub(" ", "+"):gsub("%(", "%%28"):gsub("%)", "%%29"), c)
  end
end
local listings = os.getenv("PAGES_LISTINGS")
if listings then
  for id in io.lines(listings) do
    paths[#paths + 1] = "/listings/" .. id
  end
end
paths[#paths + 1] = "/"
paths[#paths + 1] = "/sign-in"
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Accept-Language"] = "fr" })
end
