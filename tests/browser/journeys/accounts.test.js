// A holder's first visit, in French and then in English: registering, confirming the
// address from the email the SMTP server received, signing in, the account page, the
// language switch, signing out. Every page passes axe-core with no serious or critical
// violation; each step leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, accessibilityProblems, linkIn, start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

async function step(page, name) {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${name}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, `accounts-${name}.png`), fullPage: true });
}

test('a holder registers, confirms the address, signs in and out', async () => {
  const context = await world.browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();

  await page.goto(world.base + '/');
  await step(page, '01-home');
  await page.getByRole('link', { name: 'Créer un compte' }).first().click();
  await step(page, '02-register');
  await page.getByLabel("Nom de l'organisation").fill('Déconstruction Artois');
  await page.getByLabel('Activité sur Terril').selectOption('holder');
  await page.getByLabel('Adresse', { exact: true }).fill('Base 11/19, rue de Bourgogne');
  await page.getByLabel('Code postal').fill('62750');
  await page.getByLabel('Commune').fill('Loos-en-Gohelle');
  await page.getByLabel('Nom et prénom').fill('Camille Martin');
  await page.getByLabel('Adresse e-mail').fill('camille@artois.test');
  await page.getByLabel('Mot de passe').fill('une longue phrase de passe');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor();
  await step(page, '03-registered');

  const email = await world.mail.to('camille@artois.test');
  await page.goto(linkIn(email, '/verify-email'));
  await page.getByRole('heading', { name: 'Adresse confirmée' }).waitFor();
  await step(page, '04-verified');

  await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();
  await page.getByLabel('Adresse e-mail').fill('camille@artois.test');
  await page.getByLabel('Mot de passe').fill('une longue phrase de passe');
  await step(page, '05-sign-in');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByText('Connecté·e en tant que Camille Martin').waitFor();

  await page.getByRole('link', { name: 'Mon compte' }).click();
  await page.getByRole('heading', { name: 'Déconstruction Artois' }).waitFor();
  assert.equal(await page.getByRole('cell', { name: 'Propriétaire' }).count(), 1);
  await step(page, '06-account');

  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Déconstruction Artois' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('cell', { name: 'Owner' }).waitFor();
  await step(page, '07-account-en');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Sign in' }).waitFor();
  await page.goto(world.base + '/account');
  assert.match(page.url(), /\/sign-in\?next=%2Faccount$/);
  await step(page, '08-signed-out');
  await context.close();
});

test('a form is usable with the keyboard alone', async () => {
  const context = await world.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(world.base + '/sign-in');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 8 && !(await page.evaluate(() => document.activeElement.id === 'email')); i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.type('nobody@example.test');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not a password at all');
  await page.keyboard.press('Enter');
  await page.getByText('Wrong email address or password.').waitFor();
  await context.close();
});
