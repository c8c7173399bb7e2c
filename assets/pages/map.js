// Terril's maps, drawn with Leaflet (served by Terril, see scripts/vendor-map.sh) from what
// the page already says: the results list's items (data-lat, data-lon), a listing's
// place, or the latitude and longitude fields of a form. Without JavaScript, or when the
// tile server cannot be reached, the page still says everything: the list, the address,
// the fields; and the markers still show on a blank background.
(function () {
  'use strict';
  if (typeof L === 'undefined') return;

  function number(text) {
    const value = parseFloat(String(text || '').trim().replace(',', '.'));
    return Number.isFinite(value) ? value : null;
  }

  function baseMap(element) {
    const map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, {
      maxZoom: Number(element.dataset.maxZoom) || 19,
      attribution: element.dataset.attribution,
    }).addTo(map);
    return map;
  }

  function centre(element) {
    const lat = number(element.dataset.lat);
    const lon = number(element.dataset.lon);
    return lat === null || lon === null ? null : [lat, lon];
  }

  // Search results: one marker per item of the list, clustered, the search centre ringed.
  function results(element) {
    const map = baseMap(element);
    const list = document.getElementById(element.dataset.list);
    const cluster = L.markerClusterGroup({ showCoverageOnHover: false });
    const points = [];
    for (const item of list ? list.querySelectorAll('[data-lat]') : []) {
      const at = [number(item.dataset.lat), number(item.dataset.lon)];
      if (at[0] === null || at[1] === null) continue;
      const link = item.querySelector('a');
      const title = link ? link.textContent.trim() : '';
      const marker = L.marker(at, { title, alt: title });
      if (link) {
        // The popup is the result's link, with its thumbnail when the result has one.
        const popup = document.createElement('a');
        popup.href = link.href;
        popup.className = 'map-popup';
        const thumb = item.querySelector('img.thumb');
        if (thumb) {
          const image = document.createElement('img');
          image.src = thumb.src;
          image.alt = '';
          image.width = 160;
          popup.append(image);
        }
        popup.append(document.createTextNode(title));
        marker.bindPopup(popup);
      }
      cluster.addLayer(marker);
      points.push(at);
    }
    map.addLayer(cluster);
    const here = centre(element);
    if (here) L.circleMarker(here, { radius: 6, weight: 2 }).addTo(map);
    const all = here ? points.concat([here]) : points;
    if (all.length > 1) map.fitBounds(all, { padding: [24, 24], maxZoom: 13 });
    else if (all.length === 1) map.setView(all[0], 12);
    else map.setView([46.6, 2.4], 5);
  }

  // One place: a listing's site.
  function place(element) {
    const here = centre(element);
    if (!here) return;
    const map = baseMap(element);
    L.marker(here, { alt: element.getAttribute('aria-label') || '' }).addTo(map);
    map.setView(here, 13);
  }

  // A pin for a form's place: a click or a drag writes the latitude and longitude fields
  // (hidden or not), and typing in them moves the pin.
  function pick(element) {
    const latField = document.getElementById(element.dataset.pickLat);
    const lonField = document.getElementById(element.dataset.pickLon);
    if (!latField || !lonField) return;
    const map = baseMap(element);
    const typed = () => {
      const lat = number(latField.value);
      const lon = number(lonField.value);
      return lat === null || lon === null ? null : [lat, lon];
    };
    // The pin starts where the fields say, else at the commune the form names (data-lat,
    // data-lon); with neither, the map shows France and a click places it.
    const start = typed() || centre(element);
    const pin = L.marker(start || [46.6, 2.4], { draggable: true, alt: element.getAttribute('aria-label') || '' });
    if (start) pin.addTo(map);
    map.setView(start || [46.6, 2.4], start ? 14 : 5);
    const write = (at) => {
      pin.setLatLng(at);
      if (!map.hasLayer(pin)) pin.addTo(map);
      latField.value = at.lat.toFixed(5);
      lonField.value = at.lng.toFixed(5);
      latField.dispatchEvent(new Event('change', { bubbles: true }));
    };
    // The commune the place fields found (place.js): the pin goes there, the fields stay
    // empty (the server then uses the commune's position) until the pin is moved.
    element.addEventListener('terril:place', (event) => {
      const at = [event.detail.lat, event.detail.lon];
      pin.setLatLng(at);
      if (!map.hasLayer(pin)) pin.addTo(map);
      map.setView(at, 14);
    });
    map.on('click', (event) => write(event.latlng));
    pin.on('dragend', () => write(pin.getLatLng()));
    for (const field of [latField, lonField]) {
      field.addEventListener('input', () => {
        const at = typed();
        if (!at) return;
        pin.setLatLng(at);
        if (!map.hasLayer(pin)) pin.addTo(map);
        map.panTo(at);
      });
    }
  }

  const kinds = { results, place, pick };
  // Draws the maps under `root`; live-search.js calls it again for the results it swaps in.
  function drawAll(root) {
    for (const element of root.querySelectorAll('[data-map]')) {
      const draw = kinds[element.dataset.map];
      if (draw) draw(element);
    }
  }
  window.TerrilMaps = { drawAll };
  drawAll(document);
})();
