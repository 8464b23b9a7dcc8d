/**
 * The Web UI half of the payload-encryption check (docs/security.md): starts one generation with a demo
 * prompt on the Temporal server in TEMPORAL_ADDRESS, opens its page in headless Chromium and saves a
 * screenshot once the prompt shows decoded. Exits non-zero when the prompt never appears.
 *
 *   tsx scripts/screenshot-ui.ts <web-ui-url> <out.png>    (scripts/screenshot-ui.sh sets everything up)
 */
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { InfinityMixClient } from '../src/client';
import { loadConfig } from '../src/config';
import { connectClient } from '../src/temporal-connection';

const CHROMIUM_FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DECODED_WITHIN_MS = 30_000;

async function main(uiUrl: string, outFile: string): Promise<void> {
  const client = await connectClient(loadConfig().temporal);
  const prompt = 'Web UI check: warm acoustic guitar for a sunrise timelapse';
  // No worker polls this queue: the started event alone carries the encrypted input the page must decode.
  const { workflowId } = await new InfinityMixClient(client, { taskQueue: 'web-ui-screenshot' }).startGeneration({
    jobId: randomUUID(),
    customerId: 'demo-customer',
    prompt,
    mood: 'calm',
    durationSeconds: 30,
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${uiUrl}/namespaces/default/workflows/${workflowId}`);
    await page.getByText(prompt).first().waitFor({ timeout: DECODED_WITHIN_MS });
    await page.screenshot({ path: outFile });
    console.log(`${workflowId}: decoded prompt visible; saved ${outFile}`);
  } finally {
    await browser.close();
    await client.workflow.getHandle(workflowId).terminate('web UI screenshot taken');
    await client.connection.close();
  }
}

const [uiUrl, outFile] = process.argv.slice(2);
if (!uiUrl || !outFile) {
  console.error('usage: tsx scripts/screenshot-ui.ts <web-ui-url> <out.png>');
  process.exit(2);
}
main(uiUrl, outFile).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
