// A new version of the app (a changed service worker) waits until the cashier accepts the offer, then the page reloads
// under it (src/lib/services/pwa.service.ts, src/service-worker.ts). Served from a private copy of the build, so the
// change reaches no other test.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

let dir = '';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'kasir-update-'));
	cpSync(inject('staticDir'), dir, { recursive: true });
	server = await startServer({ staticDir: dir });
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** Waits until the registration's active worker has finished activating (not only taken control of the page). */
async function activated(page: Page): Promise<void> {
	await until(
		() =>
			page.evaluate(
				async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated'
			),
		{ what: 'the service worker activated' }
	);
}

describe('app update', () => {
	it('offers a waiting version, and reloads under it only when the cashier accepts', async () => {
		const page = await browser.newPage();
		const errors = collectPageErrors(page);
		await page.goto(`${server.url}/`);
		// The first install takes over at once (no offer). It controls the page while it is still activating (clients.claim
		// runs in its activate step): wait for the activation itself.
		await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
			timeout: 30_000
		});
		await activated(page);
		const first = await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			return { waiting: reg?.waiting != null, active: reg?.active?.state };
		});
		expect(first).toEqual({ waiting: false, active: 'activated' });
		await expect(page.getByTestId('update-reload').count()).resolves.toBe(0);

		// A new version is deployed; the browser finds it on its next check.
		appendFileSync(join(dir, 'service-worker.js'), `\n// next version ${Date.now()}\n`);
		await page.evaluate(() => {
			(window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate = true;
			return navigator.serviceWorker.getRegistration().then((r) => r?.update());
		});
		const reload = page.getByTestId('update-reload');
		await reload.waitFor({ timeout: 60_000 });
		// Offered, not applied: the new version waits and this page still runs under the old one.
		await expect(
			page.evaluate(async () => {
				const reg = await navigator.serviceWorker.getRegistration();
				return {
					waiting: reg?.waiting?.state,
					same: (window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate === true
				};
			})
		).resolves.toEqual({ waiting: 'installed', same: true });

		// Not accepted yet, the page reloaded (the cashier chose "later", or the tab was closed): still waiting, offered again.
		await page.reload();
		await reload.waitFor({ timeout: 30_000 });
		await expect(
			page.evaluate(async () => {
				(window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate = true;
				return (await navigator.serviceWorker.getRegistration())?.waiting?.state;
			})
		).resolves.toBe('installed');

		// Accepted: the new version takes over and the page reloads under it.
		await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), reload.click()]);
		await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
			timeout: 30_000
		});
		await activated(page);
		const after = await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			return {
				reloaded: (window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate === undefined,
				waiting: reg?.waiting != null,
				active: reg?.active?.state
			};
		});
		expect(after).toEqual({ reloaded: true, waiting: false, active: 'activated' });
		await expect(page.getByTestId('update-reload').count()).resolves.toBe(0);
		expect(errors).toEqual([]);
		await page.close();
	});
});
