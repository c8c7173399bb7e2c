-- wrk script: the typical search (50 km around a French town, one class with its
-- subclasses, 20 results), rotating over towns and classes so no single answer is cached.
local towns = {
  {50.6292, 3.0573}, {50.4320, 2.8330}, {48.8566, 2.3522}, {45.7640, 4.8357},
  {43.2965, 5.3698}, {43.6047, 1.4442}, {47.2184, -1.5536}, {48.5734, 7.7521},
  {44.8378, -0.5792}, {49.8941, 2.2958}, {50.2910, 2.7775}, {51.0344, 2.3768},
  {49.4432, 1.0999}, {47.3220, 5.0415}, {48.1173, -1.6778}, {43.7102, 7.2620},
}
local classes = {
  "construction.masonry", "construction.timber", "construction.metals", "textiles",
  "sediments", "construction.roofing", "construction.doors_windows", "construction.flooring",
}
local paths = {}
for i, t in ipairs(towns) do
  for j, c in ipairs(classes) do
    paths[#paths + 1] = string.format(
      "/api/v1/listings?lat=%.4f&lon=%.4f&radius_km=50&material=%s&limit=20", t[1], t[2], c)
  end
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
