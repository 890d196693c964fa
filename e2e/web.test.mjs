// The technician's page and the supervisor's board in a real browser (Debian's Chromium, driven by
// Playwright) against a real `serve --demo` on free ports with a fresh data directory. Run by .ci/run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jar = path.join(root, 'ivr-server', 'target', 'astreinte.jar');
const SECRET = 'e2e-url-signing-secret-0123456789abcdef';
const PASSWORD = 'mot-de-passe-e2e';
const TOKEN = 'jeton-api-e2e';
// Saturday 28 November 2026, 3 a.m. in Paris: on call; ticket 26000001 (high priority) qualifies.
const AT = '2026-11-28T03:00:00+01:00';
const shots = process.env.ASTREINTE_E2E_SCREENSHOTS; // a folder: the README's pictures are taken from here

let server, data, httpPort, agiPort, base, browser, log = '';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function run(args) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar, ...args], { timeout: 60_000 },
      (err, stdout, stderr) => err ? reject(new Error(`${args[0]} failed: ${err.message}\n${stdout}\n${stderr}`))
        : resolve(stdout));
  });
}

async function waitFor(what, check, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n--- server log (tail) ---\n${log.slice(-4000)}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

function sign(p, exp) {
  return createHmac('sha256', SECRET).update(`${p}\n${exp}`).digest('base64url');
}

before(async () => {
  data = mkdtempSync(path.join(tmpdir(), 'astreinte-e2e-'));
  [httpPort, agiPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${httpPort}`;
  server = spawn('java', ['-Xmx384m', '-jar', jar, 'serve', '--demo', '--data', path.join(data, 'data'),
    '--config', path.join(root, 'config'), '--agi-port', String(agiPort), '--http-port', String(httpPort)], {
    env: { ...process.env, ASTREINTE_URL_SIGNING_SECRET: SECRET, ASTREINTE_PUBLIC_URL: base,
      ASTREINTE_BOARD_PASSWORD: PASSWORD, ASTREINTE_API_TOKEN: TOKEN, ASTREINTE_LOG_FORMAT: 'text' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', d => { log += d; });
  server.stderr.on('data', d => { log += d; });
  await waitFor('the server', () => log.includes('serveur Astreinte prêt'), 90_000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise(r => { server.once('exit', r); setTimeout(r, 20_000); });
  }
  if (data) rmSync(data, { recursive: true, force: true });
});

/** The link of the page SMS sent for 26000001, as the log shows it (digits masked), with its real expiry. */
let link, linkPath, exp;

test('a registered call pages the technician with a link to the page', async () => {
  const out = await run(['simulate-call', '--caller', '+33612345678', '--keys', '26000001#,1,message', '--at', AT,
    '--port', String(agiPort), '--spool', path.join(data, 'data', 'spool', 'voicemail'), '--quiet']);
  assert.match(out, /outcome: registered request=26000001/);
  const m = await waitFor('the page SMS', () =>
    /clé=page:26000001:[^ ]*\|sms:[^ ]+ .*? (http:\/\/127\.0\.0\.1:\d+(\/p\/\d+\/[^?\s]+)\?exp=([\d*]+)&sig=([\w-]+)…)/.exec(log));
  linkPath = m[2];
  // The log never holds a link that opens: its digits are masked (the expiry's among them) and the signature
  // cut to its first characters. Find the expiry whose signature starts so, so the page opened below is the
  // very link the SMS carries (the chain's 30 minutes plus the 12-hour grace).
  assert.equal(m[4].length, 6, 'the log keeps only the start of the signature');
  const expected = Date.parse(AT) / 1000 + 30 * 60 + 12 * 3600;
  for (let e = expected; e < expected + 120 && exp === undefined; e++) {
    if (sign(linkPath, e).startsWith(m[4])) exp = e;
  }
  assert.ok(exp, `no expiry matches the link's signature ${m[1]}…`);
  assert.equal(m[3].replace(/\*/g, '.').length, String(exp).length);
  assert.match(String(exp), new RegExp('^' + m[3].replace(/\*/g, '.') + '$'));
  link = `${base}${linkPath}?exp=${exp}&sig=${sign(linkPath, exp)}`;
});

test('the board shows the line, the technician on call and the new request; the toggle changes the line', async () => {
  assert.ok(link, 'needs the page');
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const first = await page.goto(base + '/');
  assert.equal(first.headers()['cache-control'], 'no-store');
  await page.fill('#secret', 'faux');
  await page.click('#login');
  assert.match(await page.textContent('#login-error'), /incorrect/);
  await page.fill('#secret', PASSWORD);
  await page.click('#login');
  await page.waitForSelector('#board');
  const cookie = (await context.cookies()).find(c => c.name === 'astreinte_session');
  assert.ok(cookie.httpOnly, 'session cookie HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');

  assert.match(await page.textContent('#on-call'), /Technicien \d/);
  const requests = await page.textContent('#requests');
  assert.match(requests, /26000001/);
  assert.match(requests, /ACME/);
  assert.match(await page.textContent('#line-state'), /Fermée/);
  // Made for a phone: nothing wider than the screen, the countdown ticking in the template's words.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'board wider than a phone');
  assert.match(await page.textContent('#requests .countdown'), /^(reste|délai dépassé de) (\d+ h )?\d\d min \d\d s$/);
  if (shots) { mkdirSync(shots, { recursive: true }); await page.screenshot({ path: path.join(shots, 'board.png'), fullPage: true }); }

  await page.click('#toggle-day');
  await page.waitForSelector('#override');
  assert.match(await page.textContent('#line-state'), /Ouverte/);
  const api = await (await fetch(base + '/api/override', { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
  assert.equal(api.open, true);
  await page.click('#toggle-hours');
  await page.waitForFunction(() => !document.querySelector('#override'));
  assert.match(await page.textContent('#line-state'), /Fermée/);
  await context.close();
});

test('the technician opens the link, plays the message and takes charge; the board sees it by itself', async () => {
  assert.ok(link, 'needs the page');
  const board = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const boardPage = await board.newPage();
  await boardPage.goto(base + '/');
  await boardPage.fill('#secret', TOKEN); // the API token logs in too
  await boardPage.click('#login');
  await boardPage.waitForSelector('#board');
  assert.match(await boardPage.textContent('#requests'), /26000001/);

  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const response = await page.goto(link);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['cache-control'], 'no-store');
  assert.match(response.headers()['x-robots-tag'], /noindex/);
  assert.equal(await page.getAttribute('meta[name=robots]', 'content'), 'noindex, nofollow');
  assert.equal(await page.textContent('#request-number'), '26000001');
  assert.match(await page.textContent('.countdown'), /^(reste|délai dépassé de) (\d+ h )?\d\d min \d\d s$/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'page wider than a phone');

  // The message: the audio element loads it from the signed /recordings link, and plays.
  const audio = await page.waitForFunction(() => {
    const a = document.querySelector('audio');
    return a && a.readyState >= 1 && a.duration > 0 ? { duration: a.duration, src: a.currentSrc } : null;
  }, null, { timeout: 15_000 });
  const { duration, src } = await audio.jsonValue();
  assert.ok(duration > 0.5, `audio duration ${duration}`);
  assert.match(src, /\/recordings\/.+\?exp=\d+&sig=/);
  await page.evaluate(() => document.querySelector('audio').play());
  await page.waitForFunction(() => document.querySelector('audio').currentTime > 0.2, null, { timeout: 10_000 });
  assert.equal(await page.evaluate(() => document.querySelector('audio').error), null);
  if (shots) await page.screenshot({ path: path.join(shots, 'technician-page.png'), fullPage: true });

  await page.click('#take-charge');
  await page.waitForSelector('#notice');
  assert.match(await page.textContent('#notice'), /Vous avez pris en charge/);
  assert.match(await page.textContent('#status'), /prise en charge/);
  assert.match(await page.textContent('#ticket-status'), /en cours/);
  assert.match(await page.textContent('#handled'), /Prise en charge par Technicien \d \(par la page web\)/);
  const ticket = await (await fetch(base + '/api/tickets/26000001', { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
  assert.equal(ticket.status, 'in_progress');

  // Opened again, the link says who took charge; the board, polling, drops the request without a reload.
  await page.goto(link);
  assert.match(await page.textContent('#handled'), /Prise en charge par Technicien/);
  assert.equal(await page.$('#take-charge'), null);
  await boardPage.waitForFunction(() => !/26000001/.test(document.querySelector('#requests').textContent), null,
    { timeout: 15_000 });
  await context.close();
  await board.close();
});

test('an expired link and another person\'s link are refused', async () => {
  assert.ok(linkPath, 'needs the page');
  const context = await browser.newContext();
  const page = await context.newPage();
  // Signed with the server's secret, so only the expiry is wrong: an hour before the call.
  const past = Date.parse(AT) / 1000 - 3600;
  const expired = await page.goto(`${base}${linkPath}?exp=${past}&sig=${sign(linkPath, past)}`);
  assert.equal(expired.status(), 410);
  assert.match(await page.textContent('#refusal'), /Lien expiré/);

  const other = linkPath.replace(/\/[^/]+$/, m => m === '/technicien-1' ? '/technicien-3' : '/technicien-1');
  const foreign = await page.goto(`${base}${other}?exp=${exp}&sig=${sign(linkPath, exp)}`);
  assert.equal(foreign.status(), 403);
  assert.match(await page.textContent('#refusal'), /Lien refusé/);
  const otherRequest = linkPath.replace(/\/p\/\d+\//, '/p/999/');
  assert.equal((await page.goto(`${base}${otherRequest}?exp=${exp}&sig=${sign(linkPath, exp)}`)).status(), 403);
  await context.close();
});
