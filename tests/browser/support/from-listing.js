// The journey issue 25 asks for, as people take it: a visitor finds bricks near "Lens" by
// name from the home page, opens the listing, creates an account from it and comes back to
// it, reserves a quantity and writes to the holder; the holder finds the reservation in
// their space and confirms it; the taker then sees the pickup site, its slots and phone;
// the holder marks the lot collected and prints the receipt. Every page passes axe-core and
// none scrolls sideways (at 360 px as well on a phone); each step leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';

import { SCREENSHOTS, accessibilityProblems, api, linkIn } from './harness.js';
import { registerAndSignIn } from './people.js';

const WORDS = {
  fr: {
    locale: 'fr-FR', searchPlace: 'Commune ou code postal', searchGo: 'Rechercher',
    registerToReserve: 'Créer un compte pour réserver', organisation: "Nom de l'organisation",
    kind: 'Activité sur Terril', street: 'Adresse', postcode: 'Code postal', city: 'Commune',
    name: 'Nom et prénom', email: 'Adresse e-mail', password: 'Mot de passe',
    createAccount: 'Créer le compte', confirmed: 'Adresse confirmée', signIn: 'Se connecter',
    reserveLot: 'Réserver ce lot', quantity: 'Quantité voulue, en pièces', note: 'Un mot au détenteur (facultatif)',
    reserve: 'Réserver', writeLabel: 'Votre message au détenteur', write: 'Écrire au détenteur',
    reserved: /Réservation demandée/, toAnswer: 'Réservations à confirmer ou refuser', confirm: 'Confirmer',
    confirmedFlash: /Réservation confirmée/, slots: "Créneaux d'enlèvement", phone: 'Téléphone sur place',
    complete: 'Marquer comme enlevée', completed: 'enlevée', receipt: "Reçu d'enlèvement", space: 'Mon espace',
  },
  en: {
    locale: 'en-GB', searchPlace: 'Town or postcode', searchGo: 'Search',
    registerToReserve: 'Create an account to reserve', organisation: 'Organisation name',
    kind: 'What you do on Terril', street: 'Street address', postcode: 'Postcode', city: 'Town',
    name: 'Full name', email: 'Email address', password: 'Password',
    createAccount: 'Create the account', confirmed: 'Address confirmed', signIn: 'Sign in',
    reserveLot: 'Reserve this lot', quantity: 'Quantity wanted, in pieces', note: 'A word to the holder (optional)',
    reserve: 'Reserve', writeLabel: 'Your message to the holder', write: 'Write to the holder',
    reserved: /Reservation requested/, toAnswer: 'Reservations to confirm or refuse', confirm: 'Confirm',
    confirmedFlash: /Reservation confirmed/, slots: 'Collection slots', phone: 'Phone on site',
    complete: 'Mark as collected', completed: 'collected', receipt: 'Collection receipt', space: 'My dashboard',
  },
};

/** Runs the journey in `lang` at `viewport`; `name` prefixes the screenshots. */
export async function fromListingJourney(world, { name, lang, viewport, holder: who, taker: whom }) {
  const w = WORDS[lang];
  const phone = viewport.width < 600;
  const step = async (page, label) => {
    assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${label}`);
    const widths = phone ? [viewport.width, 360] : [viewport.width];
    for (const width of widths) {
      if (width !== viewport.width) await page.setViewportSize({ width, height: viewport.height });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${label} is ${wide} px wide at ${width} px`);
    }
    if (phone) await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  };

  // The holder: an account on the pages; its depot and the bricks through the API.
  const holderContext = await world.browser.newContext({ locale: w.locale, viewport });
  const holder = await holderContext.newPage();
  await registerAndSignIn(world, holder, lang, who.person);
  const { access_token: token } = await api(world, 'POST', '/api/v1/auth/login', null,
    { email: who.person.email, password: who.person.password });
  const site = await api(world, 'POST', '/api/v1/sites', token, {
    name: who.site, address: 'Base 11/19, rue Léon Blum', insee_code: '62528',
    access_notes: who.access, contact_phone: '03 21 00 00 00', pickup_slots: who.slots,
  });
  await api(world, 'POST', '/api/v1/listings?publish=true', token, {
    title: who.listing, material: 'construction.masonry.bricks', quantity: 3000, unit: 'piece',
    min_lot: 500, condition: 'reusable_as_is', available_from: '2026-01-01', site_id: site.id,
  });

  // A visitor searches by the commune's name from the home page.
  const takerContext = await world.browser.newContext({ locale: w.locale, viewport });
  const taker = await takerContext.newPage();
  await taker.goto(world.base + '/');
  await taker.getByLabel(w.searchPlace).fill('Lens');
  await taker.getByRole('button', { name: w.searchGo }).click();
  await taker.getByRole('link', { name: who.listing }).first().waitFor();
  await step(taker, '01-search-lens');
  await taker.getByRole('link', { name: who.listing }).first().click();
  await taker.getByRole('heading', { name: who.listing }).waitFor();
  await step(taker, '02-listing-visitor');

  // An account from the listing, which comes back to it after the address is confirmed.
  await taker.getByRole('link', { name: w.registerToReserve }).click();
  const p = whom.person;
  await taker.getByLabel(w.organisation).fill(p.organisation);
  await taker.getByLabel(w.kind).selectOption(p.kind);
  await taker.getByLabel(w.street, { exact: true }).fill(p.street);
  await taker.getByLabel(w.postcode).fill(p.postcode);
  await taker.getByLabel(w.city, { exact: true }).fill(p.city);
  await taker.getByLabel(w.name).fill(p.name);
  await taker.getByLabel(w.email).fill(p.email);
  await taker.getByLabel(w.password).fill(p.password);
  await step(taker, '03-register');
  await taker.getByRole('button', { name: w.createAccount }).click();
  await taker.goto(linkIn(await world.mail.to(p.email), '/verify-email'));
  await taker.getByRole('heading', { name: w.confirmed }).waitFor();
  await taker.locator('main').getByRole('link', { name: w.signIn }).click();
  await taker.getByLabel(w.email).fill(p.email);
  await taker.getByLabel(w.password).fill(p.password);
  await taker.locator('main').getByRole('button', { name: w.signIn }).click();
  await taker.getByRole('heading', { name: w.reserveLot }).waitFor();
  assert.match(taker.url(), /\/listings\/[0-9a-f-]{36}$/, 'back on the listing');
  await step(taker, '04-listing-signed-in');

  // Reserve, then write to the holder: both on the same match.
  await taker.getByLabel(w.quantity).fill('600');
  await taker.getByLabel(w.note).fill(whom.note);
  await taker.getByRole('button', { name: w.reserve, exact: true }).click();
  await taker.getByRole('status').getByText(w.reserved).waitFor();
  const matchUrl = taker.url().replace(/#.*$/, '');
  assert.match(matchUrl, /\/matches\/[0-9a-f-]{36}$/);
  await step(taker, '05-reserved');
  await taker.goBack();
  await taker.getByLabel(w.writeLabel).fill(whom.message);
  await taker.getByRole('button', { name: w.write }).click();
  await taker.locator('ol.thread li.mine').getByText(whom.message).waitFor();
  assert.equal(taker.url().replace(/#.*$/, ''), matchUrl, 'the same match');
  await step(taker, '06-written');

  // The holder finds the reservation in their space and confirms it.
  await holder.goto(world.base + '/dashboard');
  await holder.getByRole('heading', { name: w.space, level: 1 }).waitFor();
  await holder.locator('#to-answer').getByRole('link', { name: who.listing }).waitFor();
  await step(holder, '07-dashboard');
  await holder.locator('#to-answer').getByRole('link', { name: who.listing }).click();
  await holder.locator('ol.thread li.theirs').getByText(whom.message).waitFor();
  await holder.getByRole('button', { name: w.confirm, exact: true }).click();
  await holder.getByRole('status').getByText(w.confirmedFlash).waitFor();
  await step(holder, '08-confirmed');

  // The taker now sees where and when to collect, and whom to call.
  await taker.reload();
  const access = taker.locator('#site-access');
  await taker.locator('#pickup').getByText(who.site).waitFor();
  await access.getByText(who.slots).waitFor();
  await access.getByRole('link', { name: '03 21 00 00 00' }).waitFor();
  assert.equal(await access.getByRole('link', { name: '03 21 00 00 00' }).getAttribute('href'), 'tel:0321000000');
  await access.getByText(who.access).waitFor();
  await step(taker, '09-pickup-site');

  // Collected; the receipt, a page to print.
  await holder.getByRole('button', { name: w.complete }).click();
  await holder.getByRole('cell', { name: w.completed }).waitFor();
  await holder.getByRole('link', { name: w.receipt }).click();
  await holder.getByRole('heading', { name: w.receipt }).waitFor();
  await holder.getByText(who.listing).waitFor();
  await step(holder, '10-receipt');
  await holder.emulateMedia({ media: 'print' });
  assert.equal(await holder.locator('header.site').isVisible(), false, 'no menu on paper');
  await holder.screenshot({ path: path.join(SCREENSHOTS, `${name}-11-receipt-print.png`), fullPage: true });
  await holderContext.close();
  await takerContext.close();
}
