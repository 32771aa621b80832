// Why: the HO pull against the real reference server: counts equal the server's, a second pull is empty, a tombstone lands, an interrupted pull resumes.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { checkpointKey, getMeta, listBrands, listCompanies } from '../../src/lib/db/meta';
import { demoLogin } from '../testing';
import { workerHarness } from '../test-harness';
import { MASTER_ORDER, PULL_LOG_KEY, pullEntity, type PullLogEntry } from './pull';

const h = workerHarness();

async function serverCount(token: string, companyId: string, entity: string): Promise<number> {
	let since: string | null = null;
	let n = 0;
	for (;;) {
		const q = new URLSearchParams({ company_id: companyId, limit: '1000' });
		if (since) q.set('since', since);
		const r = await fetch(`${h.url}/api/sync/${entity}/?${q}`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		const b = (await r.json()) as {
			data: Record<string, unknown[]> & { checkpoint: string; has_more: boolean };
		};
		n += (b.data[entity] ?? []).length;
		since = b.data.checkpoint;
		if (!b.data.has_more) return n;
	}
}

describe('HO master pull', () => {
	it('pulls every collection page by page, then nothing new, and applies a tombstone', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 7 });
		const { companyId } = await demoLogin(ctx, h.url);
		const counts: Record<string, number> = {};
		for (const e of MASTER_ORDER) counts[e] = await pullEntity(ctx, e);
		const token = (await ctx.settings()).ho_access;
		for (const e of MASTER_ORDER) expect(counts[e], e).toBe(await serverCount(token, companyId, e));
		expect(counts.products).toBeGreaterThan(50);
		expect(await db.products.count().exec()).toBe(counts.products);
		expect((await listCompanies(db)).length).toBe(counts.companies);
		expect((await listBrands(db)).length).toBe(counts.brands);
		const log = (await getMeta<PullLogEntry[]>(db, PULL_LOG_KEY)) ?? [];
		expect(log.filter((l) => l.entity === 'products').length).toBe(
			Math.ceil((counts.products ?? 0) / 7) + ((counts.products ?? 0) % 7 === 0 ? 1 : 0)
		);
		expect(typeof (await getMeta<string>(db, checkpointKey('products')))).toBe('string');

		// Nothing changed: a second pull fetches nothing.
		expect(await pullEntity(ctx, 'products')).toBe(0);

		// A product deleted at HQ arrives as a tombstone.
		const victim = (await db.products.findOne().exec())!;
		const del = await fetch(`${h.url}/api/v1/admin/products/${victim.id}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${token}` }
		});
		if (del.status === 200) {
			expect(await pullEntity(ctx, 'products')).toBe(1);
			expect((await db.products.findOne(victim.id).exec())?.is_deleted).toBe(true);
			expect(await db.products.count({ selector: { is_deleted: false } }).exec()).toBe(
				(counts.products ?? 0) - 1
			);
		}
	});

	it('resumes from the stored checkpoint after the server restarts mid-pull', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 5 });
		await demoLogin(ctx, h.url);
		let pages = 0;
		let restarted = false;
		const total = await pullEntity(ctx, 'products', {
			onPage: async () => {
				pages++;
				if (pages === 3 && !restarted) {
					restarted = true;
					await h.server.restart();
				}
			}
		});
		const log = ((await getMeta<PullLogEntry[]>(db, PULL_LOG_KEY)) ?? []).filter(
			(l) => l.entity === 'products'
		);
		// Never asked from the start again after the first page, and no row came twice.
		expect(log.filter((l) => l.since === null)).toHaveLength(1);
		expect(new Set(log.map((l) => l.since)).size).toBe(log.length);
		expect(total).toBe(await db.products.count().exec());
	}, 120_000);

	it('a pull stopped after a stored page still saves the checkpoint of that page before it ends', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 5 });
		await demoLogin(ctx, h.url);
		let pages = 0;
		const stopped = pullEntity(ctx, 'products', {
			onPage: () => {
				if (++pages === 2) throw new Error('stop');
			}
		});
		await expect(stopped).rejects.toThrow('stop');
		// Two pages stored, and the pull did not end before their checkpoint and log entry were written.
		expect(await db.products.count().exec()).toBe(10);
		const log = ((await getMeta<PullLogEntry[]>(db, PULL_LOG_KEY)) ?? []).filter(
			(l) => l.entity === 'products'
		);
		expect(log).toHaveLength(2);
		const stored = await getMeta<string>(db, checkpointKey('products'));
		// The next pull goes on after the second page: nothing is asked twice.
		const rest = await pullEntity(ctx, 'products');
		const all = ((await getMeta<PullLogEntry[]>(db, PULL_LOG_KEY)) ?? []).filter(
			(l) => l.entity === 'products'
		);
		expect(all[2]?.since).toBe(stored);
		expect(new Set(all.map((l) => l.since)).size).toBe(all.length);
		expect(rest + 10).toBe(await db.products.count().exec());
	}, 120_000);

	it('reads the settings once for all its pages, and a token refused on the way is refreshed once for the rest', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 7 });
		await demoLogin(ctx, h.url);
		const load = ctx.settings.bind(ctx);
		let reads = 0;
		ctx.settings = () => (reads++, load());
		const realFetch = ctx.fetch;
		const asked: string[] = [];
		ctx.fetch = (url, init) => (asked.push(String(url)), realFetch(url, init));
		// A settings read queues behind a page's write in the browser's IndexedDB: none per page.
		const n = await pullEntity(ctx, 'products');
		expect(n).toBeGreaterThan(50);
		const pages = asked.filter((u) => u.includes('/api/sync/products/')).length;
		expect(pages).toBe(Math.ceil(n / 7) + (n % 7 === 0 ? 1 : 0));
		expect(reads).toBe(1);

		// The stored token refused (expired) before a pull: one refresh, then every page with the new token.
		await db.products.find().remove();
		await db.meta.findOne(checkpointKey('products')).remove();
		await ctx.saveSettings({ ho_access: 'expired.or.garbage' });
		asked.length = 0;
		expect(await pullEntity(ctx, 'products')).toBe(n);
		expect(asked.filter((u) => u.includes('/api/auth/refresh/'))).toHaveLength(1);
		expect(asked.filter((u) => u.includes('/api/sync/products/'))).toHaveLength(pages + 1);
		expect((await ctx.settings()).ho_access).not.toBe('expired.or.garbage');
	}, 120_000);

	it('adds a first pull’s new products below RxDB’s read, and a pull of held ones stops adding after its first page', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 7 });
		await demoLogin(ctx, h.url);
		const add = vi.spyOn(IDBObjectStore.prototype, 'add');
		const n = await pullEntity(ctx, 'products');
		// Every product added (IndexedDB `add`: worker/sync/add-unread.ts), none through RxDB's write (a `put`).
		expect(add).toHaveBeenCalledTimes(n);
		const revs = new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));

		// The same catalogue again from the start: the first page's adds are refused (held), then RxDB's write alone.
		await db.meta.findOne(checkpointKey('products')).remove();
		add.mockClear();
		expect(await pullEntity(ctx, 'products')).toBe(n);
		expect(add).toHaveBeenCalledTimes(7);
		for (const d of await db.products.find().exec()) expect(d.revision).toBe(revs.get(d.id));
		add.mockRestore();
	}, 120_000);
});
