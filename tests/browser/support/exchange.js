// The exchange journey, in each side's language: a holder near Loos-en-Gohelle posts
// reclaimed bricks with two photos chosen in the listing form itself, shown as a gallery;
// a taker in Lille posts a need, finds the bricks on the map, hears of the match by email
// and follows its link to the match page, reserves 5 t; the holder confirms from the
// email's link; both then see each other's contact details and exchange messages (each
// emailed to the other side); the holder marks the lot collected. Every page passes
// axe-core; each step leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';

import { SCREENSHOTS, accessibilityProblems } from './harness.js';
import { registerAndSignIn } from './people.js';
import { widePhoto } from './pictures.js';

/** The pages' words the journey reads, from locales/{fr,en}/pages.ftl. */
const WORDS = {
  fr: {
    locale: 'fr-FR', offer: 'Proposer des matériaux', title: 'Intitulé', material: 'Classe de matériau',
    quantity: 'Quantité', unit: 'Unité', street: 'Adresse', publish: 'Publier',
    addPhotos: 'Ajouter des photos', photo: (n, t) => `Photo ${n} sur 2 de « ${t} »`, enlarge: (n) => `Agrandir la photo ${n}`,
    lookFor: 'Chercher des matériaux', find: 'Trouver des matériaux', place: 'Commune ou code postal',
    search: 'Chercher', reserveQuantity: 'Quantité voulue, en tonnes', reserveLot: 'Réserver ce lot',
    reserve: 'Réserver', requested: 'demandée', confirm: 'Confirmer', confirmed: 'confirmée',
    message: "Votre message à l'autre partie", send: 'Envoyer le message',
    complete: 'Marquer comme enlevée', receipt: "Reçu d'enlèvement", completed: 'enlevée', completedEvent: 'Lot enlevé',
    impact: /Impact/, byMonth: 'Tonnes par mois', masonry: 'Maçonnerie',
    subject: /message/i, account: 'Mon compte', sites: /Les sites de votre organisation/,
    siteName: 'Nom du site', phone: 'Téléphone sur place', addSite: 'Ajouter le site',
    rating: 'Note', stars: (n) => `${n} étoiles sur 5`, comment: /^Commentaire/,
    publishReview: "Publier l'évaluation", reviewed: 'Évaluation publiée. Merci !',
  },
  en: {
    locale: 'en-GB', offer: 'Offer materials', title: 'Title', material: 'Material class',
    quantity: 'Quantity', unit: 'Unit', street: 'Address', publish: 'Publish',
    addPhotos: 'Add photos', photo: (n, t) => `Photo ${n} of 2 of “${t}”`, enlarge: (n) => `Enlarge photo ${n}`,
    lookFor: 'Look for materials', find: 'Find materials', place: 'Commune or postcode',
    search: 'Search', reserveQuantity: 'Quantity wanted, in tonnes', reserveLot: 'Reserve this lot',
    reserve: 'Reserve', requested: 'requested', confirm: 'Confirm', confirmed: 'confirmed',
    message: 'Your message to the other side', send: 'Send the message',
    complete: 'Mark as collected', receipt: 'Collection receipt', completed: 'collected', completedEvent: 'Lot collected',
    impact: /Impact/, byMonth: 'Tonnes by month', masonry: 'Masonry',
    subject: /message/i, account: 'My account', sites: /Your organisation's sites/,
    siteName: 'Site name', phone: 'Phone on site', addSite: 'Add the site',
    rating: 'Rating', stars: (n) => `${n} stars out of 5`, comment: /^Comment/,
    publishReview: 'Publish the review', reviewed: 'Review published. Thank you!',
  },
};

/** Follows a link of the menu, opening the menu first where it is folded (a phone). */
export async function viaMenu(page, name) {
  const menu = page.locator('details.menu');
  if (await menu.locator('summary').isVisible() && (await menu.getAttribute('open')) === null) {
    await menu.locator('summary').click();
  }
  await page.locator('header.site nav').getByRole('link', { name }).click();
}

/** The link to a match page in the newest email to `address`. */
async function matchLink(world, address, after = 0) {
  const mail = await world.mail.to(address, { after });
  const match = mail.text.match(/https?:\/\/\S+\/matches\/[0-9a-f-]{36}/);
  assert.ok(match, `a match link in: ${mail.text}`);
  return match[0];
}

/** Runs the journey with the holder's pages in `holderLang` and the taker's in
 * `takerLang`; `name` prefixes the screenshots. */
export async function exchangeJourney(world, { name, holderLang, takerLang, holder: who, taker: whom, viewport }) {
  const h = WORDS[holderLang];
  const t = WORDS[takerLang];
  const step = async (page, label) => {
    assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${label}`);
    if (viewport) {
      // On a phone no page may scroll sideways.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= viewport.width, `${label} is ${wide} px wide at ${viewport.width} px`);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  };
  const screen = viewport ? { viewport } : {};

  const holderContext = await world.browser.newContext({ locale: h.locale, ...screen });
  const holder = await holderContext.newPage();
  await registerAndSignIn(world, holder, holderLang, who.person);
  await viaMenu(holder, h.offer);
  await holder.waitForLoadState('load');
  await holder.getByLabel(h.title).fill(who.listing);
  await holder.getByLabel(h.material).selectOption('construction.masonry.bricks');
  await holder.getByLabel(h.quantity, { exact: true }).fill('12');
  await holder.getByLabel(h.unit).selectOption('t');
  // The place by name (or postcode): the server finds the commune and its position.
  await holder.getByLabel(h.place).fill(holderLang === 'fr' ? 'Loos-en-Gohelle' : '62750');
  await holder.getByLabel(h.street, { exact: true }).fill('Base 11/19');
  // The pin goes to the commune as soon as the place names one.
  await holder.locator('.leaflet-marker-icon').first().waitFor();
  // Two photos, chosen in the form itself and sent with it: one as a phone takes them,
  // wider than any screen, and a small one (the map's marker from the repository).
  await holder.getByLabel(h.addPhotos).setInputFiles([
    widePhoto(),
    path.join(import.meta.dirname, '../../../assets/pages/map/images/marker-icon.png'),
  ]);
  await step(holder, '01-listing-form');
  await holder.getByRole('button', { name: h.publish }).click();
  await holder.getByRole('heading', { name: who.listing }).waitFor();
  // The listing's page shows the first large, scaled to the screen; its thumbnails
  // choose the other (a plain link, no script).
  const loaded = (img) => img.evaluate((i) => i.decode().then(() => i.naturalWidth));
  const first = holder.getByRole('img', { name: h.photo(1, who.listing), exact: true });
  assert.ok(await loaded(first) > 0, 'the photo loads');
  const box = await first.boundingBox();
  assert.ok(box.width <= (viewport?.width ?? 1366), `the photo is ${box.width} px wide`);
  await holder.getByRole('link', { name: h.enlarge(2) }).click();
  await holder.waitForURL(/photo=2/);
  assert.ok(await loaded(holder.getByRole('img', { name: h.photo(2, who.listing), exact: true })) > 0);
  await holder.getByRole('link', { name: h.enlarge(1) }).click();
  await holder.waitForURL(/photo=1/);
  await step(holder, '02-listing');
  // The holder keeps the depot in the organisation's sites, for the next listings.
  await viaMenu(holder, h.account);
  await holder.getByRole('link', { name: h.sites }).click();
  await holder.getByLabel(h.siteName).fill('Dépôt de Loos');
  await holder.getByLabel(h.place).fill('62750');
  await holder.getByLabel(h.street, { exact: true }).fill('Base 11/19');
  await holder.getByLabel(h.phone).fill('03 21 00 00 00');
  await holder.getByRole('button', { name: h.addSite }).click();
  await holder.getByRole('heading', { name: 'Dépôt de Loos' }).waitFor();
  await step(holder, '02b-sites');

  const takerContext = await world.browser.newContext({ locale: t.locale, ...screen });
  const taker = await takerContext.newPage();
  await registerAndSignIn(world, taker, takerLang, whom.person);
  await viaMenu(taker, t.lookFor);
  await taker.getByLabel(t.title).fill(whom.wanted);
  await taker.getByLabel(t.material).selectOption('construction.masonry');
  await taker.getByLabel(t.quantity, { exact: true }).fill('5');
  await taker.getByLabel(t.place).fill('Lille');
  await step(taker, '03-wanted-form');
  await taker.getByRole('button', { name: t.publish }).click();
  await taker.getByRole('heading', { name: whom.wanted }).waitFor();

  // The bricks are on the map around Lille, with their holder, even without tiles.
  await viaMenu(taker, t.find);
  await taker.getByLabel(t.place).fill('Lille');
  await taker.getByRole('button', { name: t.search, exact: true }).click();
  await taker.getByRole('link', { name: who.listing }).waitFor();
  await taker.getByText(who.person.organisation).waitFor();
  await taker.locator('.leaflet-marker-icon').first().waitFor();
  await step(taker, '03b-search-map');

  // Live search: changing the class redraws the list and the map without loading a page.
  await taker.evaluate(() => { window.samePage = true; });
  await taker.getByLabel(t.material).selectOption('construction.timber');
  await taker.waitForURL(/material=construction.timber/);
  await taker.getByRole('link', { name: who.listing }).waitFor({ state: 'detached' });
  await taker.getByLabel(t.material).selectOption('construction.masonry');
  await taker.getByRole('link', { name: who.listing }).waitFor();
  await taker.locator('.leaflet-marker-icon').first().waitFor();
  assert.equal(await taker.evaluate(() => window.samePage), true, 'no page was loaded');
  assert.match(await taker.locator('#search-status').textContent(), /Lille/);
  await step(taker, '03c-live-search');

  // The listing's page offers to reserve it or write to its holder (the journey goes on
  // through the match Terril found, the same kind of match).
  await taker.getByRole('link', { name: who.listing }).first().click();
  await taker.getByRole('heading', { name: t.reserveLot }).waitFor();
  await step(taker, '03d-listing-reserve');

  // The match email's link opens the match page.
  await taker.goto(await matchLink(world, whom.person.email, 1));
  await taker.getByRole('heading', { name: `${who.listing} → ${whom.wanted}` }).waitFor();
  assert.equal(await taker.locator('meter').count(), 5, 'a bar for each part of the score');
  await step(taker, '04-match');
  await taker.getByLabel(t.reserveQuantity).fill('5');
  await taker.getByRole('button', { name: t.reserve }).click();
  await taker.getByRole('cell', { name: t.requested }).waitFor();
  await step(taker, '05-reserved');

  // Past the verification email: the match's email or the reservation's, which link to
  // the same page.
  await holder.goto(await matchLink(world, who.person.email, 1));
  await holder.getByRole('button', { name: h.confirm }).click();
  await holder.getByRole('cell', { name: h.confirmed }).waitFor();
  // Once confirmed, each side sees the other's contact details and they talk on the match.
  await holder.getByText(whom.person.email).waitFor();
  await step(holder, '06-confirmed');
  await holder.getByLabel(h.message).fill(who.message);
  await holder.getByRole('button', { name: h.send }).click();
  await holder.locator('ol.thread li.mine').getByText(who.message).waitFor();

  await taker.reload();
  await taker.getByText(who.person.email).waitFor();
  await taker.locator('ol.thread li.theirs').getByText(who.message).waitFor();
  const told = await world.mail.to(whom.person.email, { subject: t.subject });
  assert.ok(told.text.includes(who.message), told.text);
  await taker.getByLabel(t.message).fill(whom.message);
  await taker.getByRole('button', { name: t.send }).click();
  await taker.locator('ol.thread li.mine').getByText(whom.message).waitFor();
  await step(taker, '06-messages');
  const answer = await world.mail.to(who.person.email, { subject: h.subject });
  assert.ok(answer.text.includes(whom.message), answer.text);

  await holder.reload();
  await holder.getByRole('button', { name: h.complete }).click();
  await holder.getByRole('cell', { name: h.completed }).waitFor();
  await holder.locator('ol.history').getByText(h.completedEvent).waitFor();
  await step(holder, '07-collected');
  // The collection's receipt, a page to print.
  await holder.getByRole('link', { name: h.receipt }).click();
  await holder.getByRole('heading', { name: h.receipt }).waitFor();
  await step(holder, '07b-receipt');

  await taker.reload();
  await taker.getByRole('cell', { name: t.completed }).waitFor();
  await step(taker, '08-collected');

  // Once collected, each side rates the other; the holder's public page counts it.
  await taker.getByRole('group', { name: t.rating }).getByLabel(t.stars(5)).check();
  await taker.getByLabel(t.comment).fill(whom.review);
  await taker.getByRole('button', { name: t.publishReview }).click();
  await taker.getByRole('status').getByText(t.reviewed).waitFor();
  await step(taker, '08b-reviewed');
  await holder.goBack();
  await holder.reload();
  await holder.getByRole('group', { name: h.rating }).getByLabel(h.stars(4)).check();
  await holder.getByRole('button', { name: h.publishReview }).click();
  await holder.getByRole('status').getByText(h.reviewed).waitFor();
  await taker.locator('#reviews').getByRole('link', { name: new RegExp(who.person.organisation) }).click();
  await taker.getByRole('heading', { name: who.person.organisation, level: 1 }).waitFor();
  await taker.getByText(whom.review).waitFor();
  await step(taker, '08c-holder-page');

  // The holder's impact page: the collected lot drawn in the month's bar and tabled.
  await holder.goto(world.base + '/account');
  await holder.getByRole('link', { name: h.impact }).click();
  await holder.getByRole('img', { name: h.byMonth }).waitFor();
  await holder.getByRole('rowheader', { name: h.masonry }).waitFor();
  await step(holder, '09-impact');
  await holderContext.close();
  await takerContext.close();
}
