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

	it('reloads a second tab when its cashier accepts after the first tab already took the new version', async () => {
		// Two tabs of one device (one service worker registration). Accepted in A, the new version activates and controls
		// both; B still runs the old code and offers the reload. B's tap comes after the takeover: no worker is waiting any
		// more and no controllerchange follows it, so a tap that only asked the waiting worker to take over did nothing.
		const context = await browser.newContext();
		const a = await context.newPage();
		const b = await context.newPage();
		const errorsA = collectPageErrors(a);
		const errorsB = collectPageErrors(b);
		await a.goto(`${server.url}/`);
		await a.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
			timeout: 30_000
		});
		await activated(a);
		await b.goto(`${server.url}/`);
		await b.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
			timeout: 30_000
		});

		appendFileSync(join(dir, 'service-worker.js'), `\n// next version ${Date.now()}\n`);
		await a.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
		const reloadA = a.getByTestId('update-reload');
		const reloadB = b.getByTestId('update-reload');
		await reloadA.waitFor({ timeout: 60_000 });
		await reloadB.waitFor({ timeout: 60_000 });
		for (const tab of [a, b])
			await tab.evaluate(() => {
				(window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate = true;
			});

		await Promise.all([a.waitForEvent('load', { timeout: 30_000 }), reloadA.click()]);
		// B is now under the new version (its controller is the registration's active worker, nothing waits) and still
		// runs the old page: the offer stands.
		await until(
			() =>
				b.evaluate(async () => {
					const reg = await navigator.serviceWorker.getRegistration();
					return (
						reg?.waiting == null &&
						reg?.active?.state === 'activated' &&
						navigator.serviceWorker.controller === reg.active
					);
				}),
			{ what: 'tab B under the new version' }
		);
		await expect(reloadB.isVisible()).resolves.toBe(true);
		await expect(
			b.evaluate(() => (window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate)
		).resolves.toBe(true);

		await Promise.all([b.waitForEvent('load', { timeout: 30_000 }), reloadB.click()]);
		await expect(
			b.evaluate(() => (window as { kasirBeforeUpdate?: boolean }).kasirBeforeUpdate)
		).resolves.toBeUndefined();
		await b.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, {
			timeout: 30_000
		});
		await expect(b.getByTestId('update-reload').count()).resolves.toBe(0);
		expect([...errorsA, ...errorsB]).toEqual([]);
		await context.close();
	});
});
