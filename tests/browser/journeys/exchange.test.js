// From surplus to collection between two organisations: a holder near Loos-en-Gohelle
// posts reclaimed bricks with a photo (in French); a taker in Lille posts a need (in English), hears
// of the match by email and follows its link to the match page, reserves 5 t; the holder
// confirms from the reservation email's link; both then see each other's contact details
// and exchange messages (each emailed to the other side); the holder marks the lot
// collected. Every page
// passes axe-core; each step leaves a screenshot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { SCREENSHOTS, accessibilityProblems, start } from '../support/harness.js';
import { registerAndSignIn } from '../support/people.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

async function step(page, name) {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility of ${name}`);
  await page.screenshot({ path: path.join(SCREENSHOTS, `exchange-${name}.png`), fullPage: true });
}

/** The link to a match page in the newest email to `address`. */
async function matchLink(address, after = 0) {
  const mail = await world.mail.to(address, { after });
  const match = mail.text.match(/https?:\/\/\S+\/matches\/[0-9a-f-]{36}/);
  assert.ok(match, `a match link in: ${mail.text}`);
  return match[0];
}

test('bricks go from a holder in Loos-en-Gohelle to a taker in Lille', async () => {
  const holderContext = await world.browser.newContext({ locale: 'fr-FR' });
  const holder = await holderContext.newPage();
  await registerAndSignIn(world, holder, 'fr', {
    organisation: 'Déconstruction Artois', kind: 'holder', street: 'Base 11/19, rue de Bourgogne',
    postcode: '62750', city: 'Loos-en-Gohelle', name: 'Camille Martin',
    email: 'camille@artois.test', password: 'une longue phrase de passe',
  });

  await holder.getByRole('link', { name: 'Proposer des matériaux' }).click();
  await holder.getByLabel('Intitulé').fill('Briques pleines de réemploi');
  await holder.getByLabel('Classe de matériau').selectOption('construction.masonry.bricks');
  await holder.getByLabel('Quantité', { exact: true }).fill('12');
  await holder.getByLabel('Unité').selectOption('t');
  await holder.getByLabel('Adresse du site').fill('Base 11/19, Loos-en-Gohelle');
  await holder.getByLabel('Latitude').fill('50,4573');
  await holder.getByLabel('Longitude').fill('2,7952');
  await step(holder, '01-listing-form');
  await holder.getByRole('button', { name: 'Publier' }).click();
  await holder.getByRole('heading', { name: 'Briques pleines de réemploi' }).waitFor();
  // A photo (any PNG will do: the map's marker from the repository).
  await holder.getByLabel('Ajouter une photo').setInputFiles(
    path.join(import.meta.dirname, '../../../assets/pages/map/images/marker-icon.png'));
  await holder.getByRole('button', { name: 'Envoyer la photo' }).click();
  await holder.getByRole('img', { name: 'Photo 1 de « Briques pleines de réemploi »' }).waitFor();
  const shown = await holder.getByRole('img', { name: /Photo 1/ }).evaluate((img) => img.naturalWidth);
  assert.ok(shown > 0, 'the thumbnail loads');
  await step(holder, '02-listing');

  const takerContext = await world.browser.newContext({ locale: 'en-GB' });
  const taker = await takerContext.newPage();
  await registerAndSignIn(world, taker, 'en', {
    organisation: 'Builders of Lille', kind: 'taker', street: '1 place du Théâtre',
    postcode: '59000', city: 'Lille', name: 'Sam Taylor',
    email: 'sam@builders.test', password: 'a long enough passphrase',
  });
  await taker.getByRole('link', { name: 'Look for materials' }).click();
  await taker.getByLabel('Title').fill('Bricks for an extension');
  await taker.getByLabel('Material class').selectOption('construction.masonry');
  await taker.getByLabel('Quantity', { exact: true }).fill('5');
  await taker.getByLabel('Site address').fill('Lille');
  await taker.getByLabel('Latitude').fill('50.6292');
  await taker.getByLabel('Longitude').fill('3.0573');
  await step(taker, '03-wanted-form');
  await taker.getByRole('button', { name: 'Publish' }).click();
  await taker.getByRole('heading', { name: 'Bricks for an extension' }).waitFor();

  // The bricks are on the map around Lille, with their holder, even without tiles.
  await taker.getByRole('link', { name: 'Find materials' }).click();
  await taker.getByLabel('Commune or postcode').fill('Lille');
  await taker.getByRole('button', { name: 'Search', exact: true }).click();
  await taker.getByRole('link', { name: 'Briques pleines de réemploi' }).waitFor();
  await taker.getByText('Déconstruction Artois').waitFor();
  await taker.locator('.leaflet-marker-icon').first().waitFor();
  await step(taker, '03b-search-map');

  // The match email's link opens the match page.
  await taker.goto(await matchLink('sam@builders.test', 1));
  await taker.getByRole('heading', { name: 'Briques pleines de réemploi → Bricks for an extension' }).waitFor();
  assert.equal(await taker.locator('meter').count(), 5, 'a bar for each part of the score');
  await step(taker, '04-match');
  await taker.getByLabel("Quantity to reserve (in the listing's unit)").fill('5');
  await taker.getByRole('button', { name: 'Reserve' }).click();
  await taker.getByRole('cell', { name: 'requested' }).waitFor();
  await step(taker, '05-reserved');

  // Past the verification email: the match's email or the reservation's, which link to
  // the same page.
  await holder.goto(await matchLink('camille@artois.test', 1));
  await holder.getByRole('button', { name: 'Confirmer' }).click();
  await holder.getByRole('cell', { name: 'confirmée' }).waitFor();
  // Once confirmed, each side sees the other's contact details and they talk on the match.
  await holder.getByText('sam@builders.test').waitFor();
  await step(holder, '06-confirmed');
  await holder.getByLabel("Votre message à l'autre partie").fill('Les briques sont sur 12 palettes, quai 2.');
  await holder.getByRole('button', { name: 'Envoyer le message' }).click();
  await holder.locator('ol.thread li.mine').getByText('quai 2').waitFor();

  await taker.reload();
  await taker.getByText('camille@artois.test').waitFor();
  await taker.locator('ol.thread li.theirs').getByText('Les briques sont sur 12 palettes').waitFor();
  const told = await world.mail.to('sam@builders.test', { subject: /message/i });
  assert.match(told.text, /Les briques sont sur 12 palettes, quai 2\./);
  await taker.getByLabel('Your message to the other side').fill('Thanks, we come on Monday at 8.');
  await taker.getByRole('button', { name: 'Send the message' }).click();
  await taker.locator('ol.thread li.mine').getByText('Monday at 8').waitFor();
  await step(taker, '06-messages-en');
  const answer = await world.mail.to('camille@artois.test', { subject: /message/i });
  assert.match(answer.text, /Thanks, we come on Monday at 8\./);

  await holder.reload();
  await holder.getByRole('button', { name: 'Marquer comme enlevée' }).click();
  await holder.getByRole('cell', { name: 'enlevée' }).waitFor();
  await holder.getByText('Lot enlevé').waitFor();
  await step(holder, '07-collected');

  await taker.reload();
  await taker.getByRole('cell', { name: 'collected' }).waitFor();
  await step(taker, '08-collected-en');
  await holderContext.close();
  await takerContext.close();
});
