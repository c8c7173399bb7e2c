// My space on a phone: after signing in a person lands on the dashboard, with a short
// message saying they are signed in; the menu folds behind one "Menu" at 390 px, opens
// with a click or the keyboard, and stays in a line on a wide screen; no sideways scroll
// at 360 px; the email settings are a click away. Every step passes axe-core and leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, accessibilityProblems } from '../support/harness.js';
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
