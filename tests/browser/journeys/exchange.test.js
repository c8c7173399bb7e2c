// From surplus to collection between two organisations (see support/exchange.js): the
// holder's pages in French and the taker's in English, each side's emails in its own.
import { after, before, test } from 'node:test';

import { exchangeJourney } from '../support/exchange.js';
import { start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

test('bricks go from a holder in Loos-en-Gohelle to a taker in Lille', async () => {
  await exchangeJourney(world, {
    name: 'exchange',
    holderLang: 'fr',
    takerLang: 'en',
    holder: {
      person: {
        organisation: 'Déconstruction Artois', kind: 'holder', street: 'Base 11/19, rue de Bourgogne',
        postcode: '62750', city: 'Loos-en-Gohelle', name: 'Camille Martin',
        email: 'camille@artois.test', password: 'une longue phrase de passe',
      },
      listing: 'Briques pleines de réemploi',
      message: 'Les briques sont sur 12 palettes, quai 2.',
    },
    taker: {
      person: {
        organisation: 'Builders of Lille', kind: 'taker', street: '1 place du Théâtre',
        postcode: '59000', city: 'Lille', name: 'Sam Taylor',
        email: 'sam@builders.test', password: 'a long enough passphrase',
      },
      wanted: 'Bricks for an extension',
      message: 'Thanks, we come on Monday at 8.',
      review: 'Good bricks, as described.',
    },
  });
});
