// Live search: as the search form changes, the results (the list and its map) follow
// without a page load. The server still renders them: the script fetches the /search page
// the form would have loaded and swaps in its outcome, then puts that page's address in
// the history, so the address can be shared and the back button works. Without
// JavaScript the form submits as before. A page that finds a problem (a place being typed
// that names no commune yet) leaves the results as they were: submitting the form shows
// the problem with its explanation.
(function () {
  'use strict';
  const form = document.querySelector('form.search');
  const outcome = document.getElementById('search-outcome');
  if (!form || !outcome || !window.fetch || !window.DOMParser) return;

  const WAIT_MS = 350;
  let timer = null;
  let latest = 0;

  function address() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim() !== '') params.append(name, value);
    }
    return { url: `${form.action}?${params}`, place: params.get('place') || '' };
  }

  async function refresh() {
    const { url, place } = address();
    if (place.trim().length < 2 || url === window.location.href) return;
    const mine = ++latest;
    outcome.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      const text = await response.text();
      if (mine !== latest || !response.ok) return;
      const page = new DOMParser().parseFromString(text, 'text/html');
      const fresh = page.getElementById('search-outcome');
      if (!fresh || page.querySelector('.problem')) return;
      // A copy of the list first: moving a node into this document takes it out of `fresh`.
      outcome.replaceChildren(...Array.from(fresh.childNodes));
      window.history.replaceState(null, '', url);
      // Said once by screen readers: the heading with the count, not the whole list.
      const status = document.getElementById('search-status');
      const heading = outcome.querySelector('h2');
      if (status) status.textContent = heading ? heading.textContent.trim() : '';
      if (window.TerrilMaps) window.TerrilMaps.drawAll(outcome);
    } catch (_) {
      // Offline or interrupted: the form still submits.
    } finally {
      if (mine === latest) outcome.removeAttribute('aria-busy');
    }
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, WAIT_MS);
  }

  form.addEventListener('input', (event) => {
    if (event.target.matches('input')) soon();
  });
  form.addEventListener('change', (event) => {
    if (event.target.matches('select')) {
      window.clearTimeout(timer);
      refresh();
    }
  });
})();
