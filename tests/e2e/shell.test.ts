// The built PWA is served by the reference server and opens in Chromium.
import { describe, expect, it } from 'vitest';
import { appHarness } from '../helpers/app.ts';
import { collectPageErrors } from '../helpers/browser.ts';

const app = appHarness();

describe('app shell', () => {
	it('serves the app at / and at a deep link (SPA fallback)', async () => {
		const page = await app.browser.newPage();
		const errors = collectPageErrors(page);
		await page.goto(`${app.server.url}/`);
		await expect(page.locator('h1').first().textContent()).resolves.toBeTruthy();
		const deep = await fetch(`${app.server.url}/orders/today`);
		expect(deep.status).toBe(200);
		expect(await deep.text()).toContain('<html');
		expect(errors).toEqual([]);
		await page.close();
	});
});
