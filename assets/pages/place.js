// The place fields (templates/pages/place.html), and the search page's place. A site chosen in the picker hides the
// fields of another place, since the site's place is used. As a commune is typed, the
// communes it may name are suggested (GET /places), and once it names one the map's pin
// goes there; a commune typed anew drops the pin's old position, so the server places
// the post at the new commune unless the pin is moved again. Without JavaScript every
// field shows, and the server looks the place up when the form is sent.
(function () {
  'use strict';
  const site = document.getElementById('site_id');
  const elsewhere = document.getElementById('place-elsewhere');
  const place = document.getElementById('place');
  const commune = document.getElementById('commune');
  const suggestions = document.getElementById('place-suggestions');
  const latitude = document.getElementById('latitude');
  const longitude = document.getElementById('longitude');
  const map = document.querySelector('[data-map="pick"]');
  const WAIT_MS = 250;

  function follow() {
    if (!site || !elsewhere) return;
    const hide = site.value !== '';
    if (elsewhere.hidden === hide) return;
    elsewhere.hidden = hide;
    // A map drawn while hidden has no size: Leaflet measures it again on resize.
    if (!hide) window.dispatchEvent(new Event('resize'));
  }
  if (site) site.addEventListener('change', follow);
  follow();
  if (!place) return;

  let timer = null;
  let latest = 0;
  async function lookUp() {
    const text = place.value.trim();
    if (text.length < 2 || !window.fetch) return;
    const mine = ++latest;
    try {
      const response = await fetch(`/places?q=${encodeURIComponent(text)}`, { headers: { Accept: 'application/json' } });
      if (!response.ok || mine !== latest) return;
      const { items } = await response.json();
      if (suggestions) {
        suggestions.replaceChildren(...items.map((item) => {
          const option = document.createElement('option');
          option.value = item.label;
          option.textContent = `${item.label} · ${item.postcodes}`;
          return option;
        }));
      }
      const named = items.length === 1 ? items[0] : items.find((item) => item.label === text);
      if (!named) return;
      if (commune && commune.type === 'hidden') commune.value = named.code;
      if (map) map.dispatchEvent(new CustomEvent('terril:place', { detail: named }));
    } catch (_) {
      // Offline: the form still works, the server looks the place up.
    }
  }

  place.addEventListener('input', () => {
    // The search page has no pin; a form's pin left from another commune is dropped.
    if (latitude && longitude) {
      latitude.value = '';
      longitude.value = '';
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, WAIT_MS);
  });
  // A place typed (or filled in by the browser) before this script ran: look it up now,
  // unless the pin already has its position (a form shown again, an edit).
  if (map && place.value.trim() && !(latitude && latitude.value)) lookUp();
})();
