// The exchange journey on a phone-sized screen (360 × 780), both sides in French: every
// step passes axe-core and no page scrolls sideways.
import { after, before, test } from 'node:test';

import { exchangeJourney } from '../support/exchange.js';
import { start } from '../support/harness.js';

let world;
before(async () => { world = await start(); });
after(async () => { await world?.stop(); });

test('on a phone, bricks go from Loos-en-Gohelle to a mason who needs them near Lille, no page wider than the screen', async () => {
  await exchangeJourney(world, {
    name: 'phone',
    holderLang: 'fr',
    takerLang: 'fr',
    viewport: { width: 360, height: 780 },
    holder: {
      person: {
        organisation: 'Réemploi du Bassin minier', kind: 'holder', street: '2 rue des Mineurs',
        postcode: '62750', city: 'Loos-en-Gohelle', name: 'Inès Lefebvre',
        email: 'ines@bassin.test', password: 'une longue phrase de passe',
      },
      listing: 'Briques de réemploi, palette',
      message: 'Les palettes sont sous le hangar.',
    },
    taker: {
      person: {
        organisation: 'Maçonnerie de Lens', kind: 'taker', street: '5 place Jean Jaurès',
        postcode: '62300', city: 'Lens', name: 'Karim Benali',
        email: 'karim@lens.test', password: 'une autre longue phrase',
      },
      wanted: 'Briques pour un mur de clôture',
      message: 'Merci, nous passons lundi à 8 h.',
      review: 'Briques propres, bien palettisées, enlèvement facile.',
    },
  });
});
