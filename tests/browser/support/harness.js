// What the journeys run against: a real `terril serve` (target/debug/terril, a fresh
// SQLite file), a real SMTP server in this process that keeps every email, and Debian's
// Chromium driven by playwright-core. Screenshots go to target/browser-screenshots/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import AxeBuilder from '@axe-core/playwright';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = process.env.TERRIL_BIN ?? path.join(ROOT, 'target/debug/terril');
export const SCREENSHOTS = path.join(ROOT, 'target/browser-screenshots');
/** Every HTML page the journeys load, as served, for the Nu HTML checker
 * (scripts/html-check.sh). */
export const PAGES = path.join(ROOT, 'target/browser-pages');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** An SMTP server that accepts everything and keeps the parsed messages. */
async function mailbox() {
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => { messages.push(mail); done(); }, done);
    },
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () => new Promise((resolve) => server.close(resolve)),
    /** The newest email to `address` (whose subject matches `subject`, when given), waiting
     * up to 15 s for more than `after` of them. */
    async to(address, { after = 0, subject = /./ } = {}) {
      const deadline = Date.now() + 15000;
      for (;;) {
        const found = messages.filter((m) => m.to?.text.includes(address) && subject.test(m.subject ?? ''));
        if (found.length > after) return found[found.length - 1];
        if (Date.now() > deadline) throw new Error(`no email to ${address}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

async function terril(smtpPort) {
  const work = mkdtempSync(path.join(tmpdir(), 'terril-browser.'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    TERRIL_DATABASE_URL: path.join(work, 'terril.db'),
    TERRIL_DATA_DIR: work,
    TERRIL_LISTEN: `127.0.0.1:${port}`,
    TERRIL_PUBLIC_BASE_URL: base,
    TERRIL_LOG_FILTER: 'warn',
    TERRIL_JWT_SECRET: 'browser-tests-secret-browser-tests-secret',
    // Every person of the journeys signs up and in from the same address.
    TERRIL_RATE_LIMIT__AUTH__REQUESTS: '1000',
    TERRIL_RATE_LIMIT__AUTH__BURST: '1000',
    TERRIL_EMAIL__SMTP_HOST: '127.0.0.1',
    TERRIL_EMAIL__SMTP_PORT: String(smtpPort),
    TERRIL_EMAIL__SMTP_TLS: 'none',
    // The journeys follow a match email's link at once: no wait for others to group with.
    TERRIL_EMAIL__MATCH_GROUPING_SECS: '0',
    // No tile server can be reached from here: the maps must show their markers anyway.
    TERRIL_WEB__MAP__TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
  };
  const child = spawn(BIN, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error('terril serve exited');
    if (Date.now() > deadline) throw new Error('terril serve not ready in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(work, { recursive: true, force: true });
    },
  };
}

let keptPages = 0;

/** Writes every HTML document a page of `browser` loads to PAGES, once per path and query
 * (without its token), so that the checker sees each page the journeys visit as served. */
function keepPages(browser) {
  mkdirSync(PAGES, { recursive: true });
  const seen = new Set();
  const keep = async (response) => {
    if (response.request().resourceType() !== 'document') return;
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
    const url = new URL(response.url());
    url.searchParams.delete('token');
    const key = url.pathname + url.search;
    if (seen.has(key)) return;
    seen.add(key);
    try {
      const body = await response.text();
      const name = `${process.pid}-${String(++keptPages).padStart(3, '0')}${key.replace(/[^A-Za-z0-9]+/g, '_')}`;
      writeFileSync(path.join(PAGES, `${name.slice(0, 120)}.html`), body);
    } catch { /* a page left before its body was read: the next visit keeps it */ }
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('response', keep);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.on('response', keep);
    return page;
  };
}

/** Launches everything; `stop()` ends it all. */
export async function start() {
  const mail = await mailbox();
  const server = await terril(mail.port);
  // Playwright gives the browser a fresh profile of its own; the flags keep Chromium from
  // reaching out to Google's services on a closed network.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  keepPages(browser);
  return {
    mail,
    base: server.base,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
      await mail.close();
    },
  };
}

/** The serious and critical accessibility violations axe-core finds on the page. */
export async function accessibilityProblems(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The first link of the email whose path is `linkPath`. */
export function linkIn(mail, linkPath) {
  const match = mail.text.match(new RegExp(`https?://\\S+${linkPath}\\?token=[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${linkPath} link in the email: ${mail.text}`);
  return match[0];
}

/** A JSON call to the API of `world`'s server, as the user of `token` (none: anonymous). */
export async function api(world, method, route, token, body) {
  const response = await fetch(world.base + route, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
