import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createStorage } from '../../src/storage';
import { createDatabase, type Database } from '../../src/db/client';
import { connectClient } from '../../src/temporal-connection';
import { newApiKey, startTestApi, type TestApi } from '../support/api-server';

/**
 * /docs in headless Chromium (Debian's `chromium`, driven by playwright-core over the DevTools protocol): every
 * path and method of /openapi.json shows as an operation, so a route added later is checked without touching
 * this test; Authorize takes an API key and an example request runs. Saves docs/images/api-docs.png.
 */

const SCREENSHOT = path.join(__dirname, '../../docs/images/api-docs.png');
const CHROMIUM_FLAGS = ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RENDERED_WITHIN_MS = 20_000;

let client: Client;
let db: Database;
let api: TestApi;
let browser: Browser;
let customerKey: string;

beforeAll(async () => {
  const config = loadConfig();
  client = await connectClient(config.temporal);
  db = createDatabase(config.databaseUrl);
  api = await startTestApi({ client, db, storage: createStorage(config.storage), taskQueue: `test-docs-page-${randomUUID()}` });
  customerKey = await newApiKey({ db }, `docs-${randomUUID().slice(0, 8)}`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await db?.$disconnect();
  await client?.connection.close();
});

it('shows every route of /openapi.json, runs an example request with the key given to Authorize, and breaks no CSP rule', async () => {
  const openApi = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(openApi.paths).flatMap(([routePath, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${routePath}`));

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  const offOrigin: string[] = [];
  const sentWithExamples: { query: string; authorization?: string }[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== api.baseUrl && url.protocol !== 'data:') offOrigin.push(request.url());
    if (url.pathname === '/v1/dead-letters') sentWithExamples.push({ query: url.search.slice(1), authorization: request.headers().authorization });
  });

  const answer = await page.goto(`${api.baseUrl}/docs`);
  expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.waitForFunction(`document.querySelectorAll('.opblock').length >= ${documented.length}`, undefined, { timeout: RENDERED_WITHIN_MS });
  const shown = await page.$$eval('.opblock', (blocks) =>
    blocks.map((block) => `${block.querySelector('.opblock-summary-method')?.textContent} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`),
  );
  expect(shown.sort()).toEqual(documented.sort());

  // Authorize: the bearer scheme's one field takes the key; every request the page sends afterwards carries it.
  await page.locator('.auth-wrapper .authorize').click();
  await page.locator('.auth-container input').fill(customerKey);
  await page.locator('.auth-btn-wrapper .authorize').click();
  await page.locator('.auth-btn-wrapper .btn-done').click();
  // Every route, before one is opened: the picture shows no answer, and no key (the page shows it in the curl line).
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  // The example request of GET /v1/dead-letters (status=open, limit=20), as a reader would try it.
  const operation = page.locator('#operations-dead_letters-listDeadLetters');
  await operation.locator('.opblock-summary-control').click();
  await operation.locator('.try-out__btn').click();
  await operation.locator('.execute').click();
  const status = operation.locator('.live-responses-table tr.response .response-col_status');
  await status.waitFor({ timeout: RENDERED_WITHIN_MS });
  expect((await status.textContent())?.trim()).toBe('200');
  expect(sentWithExamples).toEqual([{ query: 'status=open&limit=20', authorization: `Bearer ${customerKey}` }]);

  expect(refused).toEqual([]);
  expect(offOrigin).toEqual([]);
  await page.close();
});
