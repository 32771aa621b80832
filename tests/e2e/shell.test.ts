// The built PWA is served by the reference server and opens in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startAppServer } from '../helpers/app.ts';
import { collectPageErrors, launchBrowser } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
	server = await startAppServer();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('app shell', () => {
	it('serves the app at / and at a deep link (SPA fallback)', async () => {
		const page = await browser.newPage();
		const errors = collectPageErrors(page);
		await page.goto(`${server.url}/`);
		await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();
		const deep = await fetch(`${server.url}/orders/today`);
		expect(deep.status).toBe(200);
		expect(await deep.text()).toContain('<html');
		expect(errors).toEqual([]);
		await page.close();
	});
});
