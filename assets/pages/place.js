// The place fields of the post forms (templates/pages/place.html). A site chosen in the
// picker hides the fields of another place, since the site's place is used. A commune
// typed anew drops the pin left from the previous one: the server then places the post
// at the new commune, and the form comes back with the pin there if anything is wrong.
// Without JavaScript every field shows and the server does the same.
(function () {
  'use strict';
  const site = document.getElementById('site_id');
  const elsewhere = document.getElementById('place-elsewhere');
  const place = document.getElementById('place');
  const latitude = document.getElementById('latitude');
  const longitude = document.getElementById('longitude');

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
  if (place && latitude && longitude) {
    place.addEventListener('input', () => {
      latitude.value = '';
      longitude.value = '';
    });
  }
})();
