// A holder's first visit, in French and then in English: registering, confirming the
// address from the email the SMTP server received, signing in, the account page, the
// language switch, signing out. Every page passes axe-core with no serious or critical
// violation; each step leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, accessibilityProblems, linkIn, start } from '../support/harness.js';
import { registerAndSignIn } from '../support/people.js';

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

test('an owner invites a colleague, who joins from the email, and makes an API key', async () => {
  const ownerContext = await world.browser.newContext({ locale: 'en-GB' });
  const owner = await ownerContext.newPage();
  await registerAndSignIn(world, owner, 'en', {
    organisation: 'Lens Reclaim', kind: 'holder', street: '2 rue de la Gare',
    postcode: '62300', city: 'Lens', name: 'Alex Owner',
    email: 'alex@lens-reclaim.test', password: 'a long enough passphrase',
  });
  await owner.getByRole('link', { name: 'My account' }).click();
  await owner.getByLabel('Email address').fill('jo@lens-reclaim.test');
  await owner.getByLabel('Role').selectOption('admin');
  await owner.getByRole('button', { name: 'Send the invitation' }).click();
  await owner.getByText('An invitation went to jo@lens-reclaim.test.').waitFor();
  await owner.getByRole('cell', { name: 'jo@lens-reclaim.test', exact: true }).waitFor();
  // A second one, withdrawn: it leaves the list.
  await owner.getByLabel('Email address').fill('typo@lens-reclaim.test');
  await owner.getByRole('button', { name: 'Send the invitation' }).click();
  await owner.getByRole('cell', { name: 'typo@lens-reclaim.test', exact: true }).waitFor();
  await step(owner, '09-invitations');
  await owner.getByRole('button', { name: 'Withdraw the invitation of typo@lens-reclaim.test' }).click();
  await owner.getByRole('cell', { name: 'jo@lens-reclaim.test', exact: true }).waitFor();
  assert.equal(await owner.getByRole('cell', { name: 'typo@lens-reclaim.test', exact: true }).count(), 0);

  const colleagueContext = await world.browser.newContext({ locale: 'en-GB' });
  const colleague = await colleagueContext.newPage();
  await colleague.goto(linkIn(await world.mail.to('jo@lens-reclaim.test'), '/accept-invitation'));
  await colleague.getByRole('heading', { name: 'Join your organisation' }).waitFor();
  await step(colleague, '10-accept-invitation');
  await colleague.getByLabel('Full name').fill('Jo Admin');
  await colleague.getByLabel('Password').fill('another long passphrase');
  await colleague.getByRole('button', { name: 'Join' }).click();
  await colleague.getByText('Signed in as Jo Admin').waitFor();
  await colleague.getByRole('cell', { name: 'jo@lens-reclaim.test', exact: true }).waitFor();
  assert.equal(await colleague.getByRole('cell', { name: 'Admin', exact: true }).count(), 1);
  await colleagueContext.close();

  await owner.getByRole('link', { name: 'API keys for your software' }).click();
  await owner.getByText('Your organisation has no API key yet.').waitFor();
  await owner.getByLabel('Key name').fill('ERP of the Lens yard');
  await owner.getByLabel(/^Write/).check();
  await owner.getByRole('button', { name: 'Create the key' }).click();
  const secret = (await owner.locator('output.secret').textContent()).trim();
  assert.match(secret, /^trl_/);
  await step(owner, '11-api-key-created');
  const me = await fetch(world.base + '/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200, 'the key shown works against the API');
  await owner.getByRole('button', { name: 'Revoke the key ERP of the Lens yard' }).click();
  await owner.getByRole('cell', { name: /^Revoked/ }).waitFor();
  assert.equal(await owner.locator('output.secret').count(), 0, 'the secret is shown once');
  const refused = await fetch(world.base + '/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(refused.status, 401);
  await step(owner, '12-api-key-revoked');
  await ownerContext.close();
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
