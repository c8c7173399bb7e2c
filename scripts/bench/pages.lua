-- wrk script: the search page as people use it (a commune by name, 50 km, one class, 50
-- results rendered with the map's list), rotating over communes and classes.
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
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Accept-Language"] = "fr" })
end
