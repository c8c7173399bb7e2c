// From a listing found by name to its receipt (support/from-listing.js), the way issue 25
// asks for it: in French on a phone (390 × 844, and every page at 360 px) and in English
// on a laptop (1366 × 900).
import { after, before, test } from 'node:test';

import { fromListingJourney } from '../support/from-listing.js';
import { start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

test('en français sur un téléphone : trouver des briques près de Lens, réserver, enlever', async () => {
  await fromListingJourney(world, {
    name: 'from-listing-fr-phone',
    lang: 'fr',
    viewport: { width: 390, height: 844 },
    holder: {
      person: {
        organisation: 'Déconstruction du Bassin', kind: 'holder', street: 'Base 11/19, rue de Bourgogne',
        postcode: '62750', city: 'Loos-en-Gohelle', name: 'Nadia Kaci',
        email: 'nadia@bassin.test', password: 'une longue phrase de passe',
      },
      site: 'Dépôt de Loos', slots: 'lun.–ven. 8 h–12 h', access: 'Portail bleu, demander Karim',
      listing: 'Briques pleines rouges de la halle',
    },
    taker: {
      person: {
        organisation: 'Maçonnerie Lensoise', kind: 'taker', street: '5 place Jean Jaurès',
        postcode: '62300', city: 'Lens', name: 'Paul Dubois',
        email: 'paul@lensoise.test', password: 'une autre longue phrase',
      },
      note: 'Pour un mur de clôture.', message: 'Sont-elles sur palettes ?',
    },
  });
});

test('in English on a laptop: find bricks near Lens, reserve, collect', async () => {
  await fromListingJourney(world, {
    name: 'from-listing-en-desktop',
    lang: 'en',
    viewport: { width: 1366, height: 900 },
    holder: {
      person: {
        organisation: 'Artois Deconstruction', kind: 'holder', street: '2 rue des Mineurs',
        postcode: '62750', city: 'Loos-en-Gohelle', name: 'Alex Martin',
        email: 'alex@artois.test', password: 'a long enough passphrase',
      },
      site: 'Loos depot', slots: 'Mon–Fri 8 am–12 pm', access: 'Blue gate, ask for Karim',
      listing: 'Solid red bricks from the hall',
    },
    taker: {
      person: {
        organisation: 'Lens Builders', kind: 'taker', street: '1 rue de Lille',
        postcode: '62300', city: 'Lens', name: 'Sam Taylor',
        email: 'sam@lensbuilders.test', password: 'another long passphrase',
      },
      note: 'For a garden wall.', message: 'Are they on pallets?',
    },
  });
});
