// Drives the demo's Dev UI in Debian's headless Chromium (playwright-core, no browser download):
// the LangChain4j chat page asks the demo question and shows GSI's answer; the GSI card then lists
// that request with its acceptance, fallbacks and phase times. bin/devui-test starts the demo in dev
// mode and runs this file; DEVUI_URL is the application's base URL, DEVUI_SCREENSHOTS where the two
// screenshots go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.DEVUI_URL ?? 'http://localhost:8080';
const SHOTS = process.env.DEVUI_SCREENSHOTS ?? path.resolve('target/devui');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const QUESTION = 'What is 2 + 2?';
const ANSWER = 'The answer is 4.'; // what the demo's generated models answer to QUESTION
const TIMEOUT = 5 * 60_000; // dev mode on a loaded two-core machine can take minutes per request

let context;
let page;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gsi-devui-chromium-'));

before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 640 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', e => console.log(`page error: ${e.message}`));
});

after(async () => {
    await context?.close();
    fs.rmSync(profile, { recursive: true, force: true });
});

test('the LangChain4j chat page answers through GSI', { timeout: TIMEOUT }, async () => {
    await page.goto(`${BASE}/q/dev-ui/quarkus-langchain4j-core/chat`);
    const input = page.locator('qwc-chat vaadin-message-input textarea');
    await input.fill(QUESTION);
    await input.press('Enter');
    const answer = page.locator('qwc-chat vaadin-message-list').getByText(ANSWER);
    await answer.waitFor({ state: 'visible' });
    const messages = await page.locator('qwc-chat vaadin-message-list').innerText();
    assert.match(messages, /What is 2 \+ 2\?/);
    assert.match(messages, /The answer is 4\./);
    assert.doesNotMatch(messages, /Error/);
    console.log(`chat page shows:\n${messages.trim()}`);
    await page.screenshot({ path: path.join(SHOTS, 'devui-chat.png') });
});

test('the GSI card lists that request with acceptance, fallbacks and phase times', { timeout: TIMEOUT }, async () => {
    await page.goto(`${BASE}/q/dev-ui/quarkus-langchain4j-gsi/recent-gsi-requests`);
    const card = page.locator('qwc-gsi-requests');
    await page.waitForFunction(el => el._requests !== undefined, await card.elementHandle());
    const requests = await card.evaluate(el => el._requests);
    assert.ok(requests.length >= 1, `the chat page's request is listed, but the card shows: ${await card.innerText()}`);
    await card.locator('vaadin-grid').waitFor({ state: 'visible' });
    const r = requests[0];
    console.log(`newest GSI request: ${JSON.stringify(r)}`);
    // quarkus-langchain4j's chat page talks to the first ChatModel bean: either of the demo's two GSI models
    const expected = { gsi: 'GSI', 'gsi-tutor': 'SOFT_BON_BASE' };
    assert.ok(r.model in expected, `a demo GSI model answered, not ${r.model}`);
    assert.equal(r.policy, expected[r.model]);
    assert.ok(r.steps >= 1, `steps ${r.steps}`);
    assert.equal(r.draftSteps + r.fallbackSteps, r.steps, 'each step came from the draft or fell back to the base');
    assert.equal(r.acceptance, `${(100 * r.draftSteps / r.steps).toFixed(0)}%`);
    const phases = r.draftMs + r.baseScoreMs + r.baseGenerateMs;
    assert.ok(phases > 0 && r.totalMs >= Math.max(r.draftMs, r.baseGenerateMs), `phases ${phases} ms of ${r.totalMs} ms`);
    // what the grid shows: the acceptance, the fallbacks and the phase times of that row
    const grid = card.locator('vaadin-grid');
    await grid.getByText(r.acceptance, { exact: true }).first().waitFor({ state: 'visible' });
    await grid.getByText(r.phases, { exact: true }).first().waitFor({ state: 'visible' });
    assert.match(r.phases, /^draft \d+ · reward \d+ · base score \d+ · base generate \d+ · other \d+ ms$/);
    const text = await grid.innerText();
    assert.match(text, /From draft/);
    assert.match(text, /Fallbacks/);
    assert.match(text, /Phases/);
    await page.screenshot({ path: path.join(SHOTS, 'devui-gsi-requests.png') });
});
