// Steps that several journeys take: a person registers and confirms the address from the
// email, then signs in. Labels are the page's, in French or English.
import { linkIn } from './harness.js';

const WORDS = {
  fr: {
    register: 'Créer un compte', organisation: "Nom de l'organisation", kind: 'Activité sur Terril',
    street: 'Adresse', postcode: 'Code postal', city: 'Commune', name: 'Nom et prénom',
    email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Créer le compte',
    confirmed: 'Adresse confirmée', signIn: 'Se connecter', signedIn: 'Connecté·e en tant que',
  },
  en: {
    register: 'Create an account', organisation: 'Organisation name', kind: 'What you do on Terril',
    street: 'Street address', postcode: 'Postcode', city: 'Town', name: 'Full name',
    email: 'Email address', password: 'Password', submit: 'Create the account',
    confirmed: 'Address confirmed', signIn: 'Sign in', signedIn: 'Signed in as',
  },
};

/** Registers on the pages, confirms the address from its email, signs in. */
export async function registerAndSignIn(world, page, lang, person) {
  const w = WORDS[lang];
  await page.goto(world.base + '/register');
  await page.getByLabel(w.organisation).fill(person.organisation);
  await page.getByLabel(w.kind).selectOption(person.kind);
  await page.getByLabel(w.street, { exact: true }).fill(person.street);
  await page.getByLabel(w.postcode).fill(person.postcode);
  await page.getByLabel(w.city).fill(person.city);
  await page.getByLabel(w.name).fill(person.name);
  await page.getByLabel(w.email).fill(person.email);
  await page.getByLabel(w.password).fill(person.password);
  await page.getByRole('button', { name: w.submit }).click();
  const email = await world.mail.to(person.email);
  await page.goto(linkIn(email, '/verify-email'));
  await page.getByRole('heading', { name: w.confirmed }).waitFor();
  await page.goto(world.base + '/sign-in');
  await page.getByLabel(w.email).fill(person.email);
  await page.getByLabel(w.password).fill(person.password);
  await page.getByRole('button', { name: w.signIn }).click();
  await page.getByText(`${w.signedIn} ${person.name}`).waitFor();
}
