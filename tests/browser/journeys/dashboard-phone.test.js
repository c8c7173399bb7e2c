// My space on a phone: after signing in a person lands on the dashboard, with a short
// message saying they are signed in; the menu folds behind one "Menu" at 390 px, opens
// with a click or the keyboard, and stays in a line on a wide screen; no sideways scroll
// at 360 px; the email settings are a click away. Every step passes axe-core and leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, accessibilityProblems, api } from '../support/harness.js';
import { registerAndSignIn } from '../support/people.js';
import { start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

async function step(page, label, width) {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${label}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `${label} is ${wide} px wide at ${width} px`);
  await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${label}.png`), fullPage: true });
}

test('on a phone the menu folds, opens, and my space fits the screen', async () => {
  const context = await world.browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await registerAndSignIn(world, page, 'fr', {
    organisation: 'Déconstruction Liévin', kind: 'holder_and_taker', street: '3 rue Thiers',
    postcode: '62800', city: 'Liévin', name: 'Sarah Nowak',
    email: 'sarah@lievin.test', password: 'une longue phrase de passe',
  });
  assert.match(page.url(), /\/dashboard$/, 'signing in lands on my space');
  await page.getByRole('heading', { name: 'Mon espace', level: 1 }).waitFor();
  await page.getByRole('status').getByText('Vous êtes connecté·e.').waitFor();

  // Folded: one "Menu" control, the links hidden until it opens.
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  const summary = page.locator('details.menu > summary');
  assert.ok(await summary.isVisible(), 'the Menu control shows on a phone');
  assert.equal(await nav.getByRole('link', { name: 'Proposer des matériaux' }).isVisible(), false);
  const header = await page.locator('header.site').boundingBox();
  assert.ok(header.height < 90, `the folded header is ${header.height} px high`);
  await step(page, '01-phone-folded', 390);
  await summary.click();
  await nav.getByRole('link', { name: 'Proposer des matériaux' }).waitFor();
  await step(page, '02-phone-open', 390);
  // With the keyboard: the control closes and opens again with Enter.
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.equal(await nav.getByRole('link', { name: 'Proposer des matériaux' }).isVisible(), false);
  await page.keyboard.press('Enter');
  await nav.getByRole('link', { name: 'Proposer des matériaux' }).waitFor();

  // The flash was said once.
  await page.reload();
  assert.equal(await page.locator('p.flash').count(), 0, 'the message is shown once');

  // 360 px: my space without sideways scroll.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.reload();
  await step(page, '03-phone-360', 360);

  // My email settings, from my space: one kind of email to the daily summary.
  await page.getByRole('link', { name: 'Mes e-mails' }).click();
  const kind = page.getByRole('group', { name: 'Un message vous est écrit' });
  await kind.getByLabel('Dans le récapitulatif quotidien').check();
  await page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await page.getByRole('status').getByText('Vos choix d\'e-mails sont enregistrés.').waitFor();
  assert.ok(await kind.getByLabel('Dans le récapitulatif quotidien').isChecked());
  await step(page, '03b-notifications-360', 360);

  // A wide screen: no Menu control, the links in a line.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.reload();
  assert.equal(await summary.isVisible(), false, 'no Menu control on a wide screen');
  const offer = await nav.getByRole('link', { name: 'Proposer des matériaux' }).boundingBox();
  const search = await nav.getByRole('link', { name: 'Trouver des matériaux' }).boundingBox();
  assert.ok(Math.abs(offer.y - search.y) < 4, 'the links stay in one line');
  await step(page, '04-desktop', 1366);
  await context.close();
});

async function tokenOf(email, password) {
  return (await api(world, 'POST', '/api/v1/auth/login', null, { email, password })).access_token;
}

test('the holder finds a reservation to answer in their space, on a phone', async () => {
  const screen = { viewport: { width: 360, height: 780 } };
  const holderContext = await world.browser.newContext({ locale: 'fr-FR', ...screen });
  const holder = await holderContext.newPage();
  const ines = {
    organisation: 'Réemploi du Bassin minier', kind: 'holder', street: '2 rue des Mineurs',
    postcode: '62750', city: 'Loos-en-Gohelle', name: 'Inès Lefebvre',
    email: 'ines@bassin.test', password: 'une longue phrase de passe',
  };
  await registerAndSignIn(world, holder, 'fr', ines);
  const takerContext = await world.browser.newContext({ locale: 'fr-FR', ...screen });
  const karim = {
    organisation: 'Maçonnerie de Lens', kind: 'taker', street: '5 place Jean Jaurès',
    postcode: '62300', city: 'Lens', name: 'Karim Benali',
    email: 'karim@lens.test', password: 'une autre longue phrase',
  };
  await registerAndSignIn(world, await takerContext.newPage(), 'fr', karim);

  // Through the API: a listing with a long title, a need that fits it, a reservation and
  // a message from the taker.
  const [holderToken, takerToken] = [await tokenOf(ines.email, ines.password), await tokenOf(karim.email, karim.password)];
  const title = 'Briques pleines rouges de la halle Saint-Pierre, déposées à la main et palettisées';
  await api(world, 'POST', '/api/v1/listings?publish=true', holderToken, {
    title, material: 'construction.masonry.bricks', quantity: 3000, unit: 'piece', min_lot: 500,
    condition: 'reusable_as_is', available_from: '2026-01-01',
    location: { latitude: 50.4573, longitude: 2.7952, address: 'Base 11/19, Loos-en-Gohelle', insee_code: '62528' },
  });
  await api(world, 'POST', '/api/v1/wanted?publish=true', takerToken, {
    title: 'Briques pour un mur de clôture', material: 'construction.masonry', quantity: 1000,
    unit: 'piece', max_distance_km: 50, needed_from: '2026-01-01', worst_condition: 'needs_reconditioning',
    location: { latitude: 50.4320, longitude: 2.8330, address: 'Lens' },
  });
  let match;
  for (let i = 0; i < 100 && !match; i += 1) {
    match = (await api(world, 'GET', '/api/v1/matches', takerToken)).items[0];
    if (!match) await new Promise((done) => setTimeout(done, 100));
  }
  assert.ok(match, 'the matcher found the pair');
  await api(world, 'POST', `/api/v1/matches/${match.id}/reservations`, takerToken, { quantity: 500 });
  await api(world, 'POST', `/api/v1/matches/${match.id}/messages`, takerToken, { body: 'Bonjour, jeudi 8 h ?' });

  // The holder's space: two things waiting, counted on the folded menu too.
  await holder.goto(world.base + '/dashboard');
  await holder.locator('details.menu > summary').getByText('Menu (2)').waitFor();
  await holder.getByRole('heading', { name: 'À traiter (2)' }).waitFor();
  await holder.locator('#to-answer').getByRole('link', { name: title }).waitFor();
  await holder.locator('#unread').getByText('un message non lu').waitFor();
  await step(holder, '05-phone-waiting', 360);

  // From the dashboard to the match, confirmed: nothing waits any more.
  await holder.locator('#to-answer').getByRole('link', { name: title }).click();
  await holder.getByRole('button', { name: 'Confirmer' }).click();
  await holder.getByRole('status').getByText(/Réservation confirmée/).waitFor();
  await step(holder, '06-phone-confirmed', 360);
  await holder.goto(world.base + '/dashboard');
  await holder.getByRole('heading', { name: 'À traiter', exact: true }).waitFor();
  assert.equal(await holder.locator('details.menu > summary').textContent(), 'Menu');
  await holderContext.close();
  await takerContext.close();
});
