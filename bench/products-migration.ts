// Why: a schema change's one-time cost on a till that already holds the catalogue: a profile synced by an older build
// (`BENCH_MIGRATE_FROM`, e.g. the base worktree's `build/`) opens with this build, whose UI thread migrates the stored
// products as it opens the database (the first screen waits for it); the same profile's next open is the floor.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchPersistent } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/server';
import { setupDemoOutlet, startSync } from '../tests/e2e/replication-support';
import { timedJob } from './first-sync';
import { builtApp, median, report, seedProducts, size } from './lib';

/** Opens the app in `page` and returns the time its boot spent opening the database (User Timing marks of `startApp`). */
async function openTimed(page: Page, url: string): Promise<number> {
	await page.goto(`${url}/diagnostics`);
	await page.waitForFunction(() => performance.getEntriesByName('kasir:boot:db').length > 0, undefined, {
		timeout: 600_000
	});
	const { ms, parts } = await page.evaluate(() => ({
		ms:
			(performance.getEntriesByName('kasir:boot:db')[0]?.startTime ?? NaN) -
			(performance.getEntriesByName('kasir:boot:start')[0]?.startTime ?? NaN),
		parts: performance
			.getEntriesByType('measure')
			.filter((m) => m.name.startsWith('kasir:copy-unchanged:'))
			.map((m) => `${m.name.slice('kasir:copy-unchanged:'.length)} ${Math.round(m.duration)} ms`)
	}));
	if (parts.length) console.log(`[products-migration] the unchanged copy: ${parts.join(', ')}`);
	return ms;
}

/** Forgets the service worker and its caches, so the next load comes from the server (the build it now serves). */
async function dropServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		for (const r of (await navigator.serviceWorker?.getRegistrations()) ?? []) await r.unregister();
		for (const k of await caches.keys()) await caches.delete(k);
	});
}

export async function benchProductsMigration(): Promise<void> {
	const from = process.env.BENCH_MIGRATE_FROM;
	if (!from) throw new Error('BENCH_MIGRATE_FROM=<a build of an older products schema> is required');
	const products = size(10_000, 300);
	const opens = size(Number(process.env.BENCH_REPS ?? 3), 1);
	const app = builtApp();
	const served = mkdtempSync(join(tmpdir(), 'kasir-bench-migrate-'));
	cpSync(from, served, { recursive: true });
	const server = await startServer({
		staticDir: served,
		env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' }
	});
	const migrated: number[] = [];
	const plain: number[] = [];
	let held = 0;
	try {
		await seedProducts(server, products);
		for (let run = 0; run < opens; run++) {
			const profile = mkdtempSync(join(tmpdir(), 'kasir-bench-migrate-profile-'));
			try {
				// The older build syncs the catalogue into the profile.
				rmSync(served, { recursive: true, force: true });
				cpSync(from, served, { recursive: true });
				await server.restart();
				let ctx = await launchPersistent(profile);
				let page = ctx.pages()[0] ?? (await ctx.newPage());
				await page.goto(`${server.url}/diagnostics`);
				await page.waitForFunction(() => Boolean(window.__kasir), undefined, { timeout: 60_000 });
				await setupDemoOutlet(page);
				const started = await startSync(page, 'master');
				if (!started.success) throw new Error(`sync refused: ${started.message}`);
				const { job } = await timedJob(page, started.syncId);
				if (job.status !== 'completed') throw new Error(`master sync ended ${job.status}`);
				await dropServiceWorker(page);
				await ctx.close();

				// This build opens the same profile: the products migrate, then the next open has nothing to migrate.
				rmSync(served, { recursive: true, force: true });
				cpSync(app.dir, served, { recursive: true });
				await server.restart();
				ctx = await launchPersistent(profile);
				page = ctx.pages()[0] ?? (await ctx.newPage());
				migrated.push(await openTimed(page, server.url));
				held = await page.evaluate(async () => (await window.__kasir!.database()).products.count().exec());
				plain.push(await openTimed(page, server.url));
				await ctx.close();
				console.log(
					`[products-migration] run ${run + 1}: first open ${Math.round(migrated.at(-1) ?? NaN)} ms, next ${Math.round(plain.at(-1) ?? NaN)} ms, ${held} products`
				);
			} finally {
				rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
			}
		}
	} finally {
		await server.stop();
		rmSync(served, { recursive: true, force: true });
		app.cleanup();
	}
	report('products-migration', [
		{
			measure: `database open migrating ${held} stored products (the first start of this build), median of ${migrated.length}`,
			kasir: median(migrated),
			floor: median(plain),
			unit: 'ms',
			detail: {
				opens: migrated.map((m) => Math.round(m)).join('/'),
				plain: plain.map((m) => Math.round(m)).join('/')
			}
		}
	]);
}
