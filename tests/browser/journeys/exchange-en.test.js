// The same journey from surplus to collection (see support/exchange.js), entirely in
// English: both sides' pages and emails.
import { after, before, test } from 'node:test';

import { exchangeJourney } from '../support/exchange.js';
import { start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

test('the whole exchange in English', async () => {
  await exchangeJourney(world, {
    name: 'exchange-en',
    holderLang: 'en',
    takerLang: 'en',
    holder: {
      person: {
        organisation: 'Artois Deconstruction', kind: 'holder', street: 'Base 11/19, rue de Bourgogne',
        postcode: '62750', city: 'Loos-en-Gohelle', name: 'Morgan Lee',
        email: 'morgan@artois-deconstruction.test', password: 'a long enough passphrase',
      },
      listing: 'Reclaimed solid bricks',
      message: 'The bricks are on 12 pallets at dock 2.',
    },
    taker: {
      person: {
        organisation: 'Lille Builders', kind: 'taker', street: '1 place du Théâtre',
        postcode: '59000', city: 'Lille', name: 'Robin Clark',
        email: 'robin@lille-builders.test', password: 'another long passphrase',
      },
      wanted: 'Bricks for a school extension',
      message: 'Thank you, we will come on Monday at 8.',
      review: 'Clean bricks, well stacked, on time.',
    },
  });
});
