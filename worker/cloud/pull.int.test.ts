// Why: the cloud pull after a master pull re-writes nothing it already holds, applies a newer version in one bulk write, and runs one at a time.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { UPDATES_MAX_LIMIT } from '../../src/lib/contract/cloud';
import { META, getMeta } from '../../src/lib/db/meta';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { MASTER_ORDER, pullEntity } from '../ho/pull';
import { pullCloudUpdates } from './pull';
import { bulkModify } from '../sync/bulk-modify';

const h = workerHarness();

const revs = async (db: KasirDatabase) =>
	new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));

describe('cloud pull after the master pull', () => {
	it('skips what the master pull wrote, applies a newer version, and two pulls at once do the work once', async () => {
		const { ctx, db } = await h.open();
		await demoOutlet(ctx, h.url);
		for (const e of MASTER_ORDER) await pullEntity(ctx, e);
		const before = await revs(db);
		expect(before.size).toBeGreaterThan(50);

		// Same versions as the master pull just wrote: nothing changes, no document is rewritten.
		const [a, b] = await Promise.all([pullCloudUpdates(ctx), pullCloudUpdates(ctx)]);
		expect(a + b).toBe(0);
		expect(await revs(db)).toEqual(before);

		const victim = (await db.products.findOne({ selector: { is_deleted: false } }).exec())!;
		const token = (await ctx.settings()).ho_access;
		const r = await fetch(`${h.url}/api/v1/admin/products/${victim.id}`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ price: 43_000, reason: 'bench of the pull' })
		});
		expect(r.status).toBe(200);
		const [c, d] = await Promise.all([pullCloudUpdates(ctx), pullCloudUpdates(ctx)]);
		expect(c + d).toBe(1);
		const after = (await db.products.findOne(victim.id).exec())!;
		expect(after.price).toBe(43_000);
		expect(after.version).toBe(victim.version + 1);
		const changed = [...(await revs(db))].filter(([id, rev]) => before.get(id) !== rev).map(([id]) => id);
		expect(changed).toEqual([victim.id]);
	}, 120_000);
});

describe('cloud pull, page by page', () => {
	it('asks each page once, in order, while the one before is applied, and ends at the last checkpoint', async () => {
		const { ctx, db } = await h.open({ cloudPageLimit: 7 });
		await demoOutlet(ctx, h.url);
		for (const e of MASTER_ORDER) await pullEntity(ctx, e);
		const held = await db.products.find({ selector: { is_deleted: false } }).exec();
		const token = (await ctx.settings()).ho_access;
		// Three products change at the cloud after the master pull (spread over the pages).
		const changed = [held[0]!, held[Math.floor(held.length / 2)]!, held[held.length - 1]!];
		for (const [i, p] of changed.entries()) {
			const r = await fetch(`${h.url}/api/v1/admin/products/${p.id}`, {
				method: 'PATCH',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ price: 51_000 + i, reason: 'paged pull' })
			});
			expect(r.status).toBe(200);
		}
		const asked: (string | null)[] = [];
		const base = ctx.fetch;
		ctx.fetch = (input, init) => {
			const u = new URL(String(input));
			if (u.pathname.endsWith('/updates')) {
				expect(u.searchParams.get('limit')).toBe('7');
				asked.push(u.searchParams.get('since'));
			}
			return base(input, init);
		};
		expect(await pullCloudUpdates(ctx)).toBe(3);
		for (const [i, p] of changed.entries())
			expect((await db.products.findOne(p.id).exec())?.price).toBe(51_000 + i);
		// Every product's page, each asked once and after the one before (the catalogue is many pages of 7).
		expect(asked.length).toBeGreaterThan(held.length / 7);
		expect(asked[0]).toBeNull();
		expect(new Set(asked).size).toBe(asked.length);
		const stamps = asked.slice(1).map((x) => Date.parse(x ?? ''));
		expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
		// The stored checkpoint is the last page's: the next pull asks once, from there, and changes nothing.
		const last = await getMeta<string>(db, META.cloudCheckpoint);
		asked.length = 0;
		expect(await pullCloudUpdates(ctx)).toBe(0);
		expect(asked).toEqual([last]);
	}, 120_000);
});

describe('cloud pull, page size', () => {
	it('asks for the contract’s largest page by default: a new device’s pull is one request per 5000 changes', async () => {
		const { ctx, db } = await h.open();
		await demoOutlet(ctx, h.url);
		for (const e of MASTER_ORDER) await pullEntity(ctx, e);
		const asked: URL[] = [];
		const base = ctx.fetch;
		ctx.fetch = (input, init) => {
			const u = new URL(String(input));
			if (u.pathname.endsWith('/updates')) asked.push(u);
			return base(input, init);
		};
		await pullCloudUpdates(ctx);
		// The demo catalogue's every product and category since nothing: one page (at the server's default, 1000, too).
		expect(asked.map((u) => u.searchParams.get('limit'))).toEqual([String(UPDATES_MAX_LIMIT)]);
		expect(asked[0]?.searchParams.get('since')).toBeNull();
		const checkpoint = await getMeta<string>(db, META.cloudCheckpoint);
		expect(checkpoint).toBeTruthy();
		// The server answers a page that large with every change: a second pull finds nothing after its checkpoint.
		asked.length = 0;
		expect(await pullCloudUpdates(ctx)).toBe(0);
		expect(asked.map((u) => [u.searchParams.get('since'), u.searchParams.get('limit')])).toEqual([
			[checkpoint, String(UPDATES_MAX_LIMIT)]
		]);
	}, 120_000);
});

describe('bulkModify', () => {
	it('writes many documents at once and keeps a write made meanwhile (falls back to that document alone)', async () => {
		const { ctx, db } = await h.open();
		await demoOutlet(ctx, h.url);
		await pullEntity(ctx, 'products');
		const docs = await db.products.find({ limit: 20 }).exec();
		const first = docs[0]!;
		// Someone else writes the first document after we read it.
		await first.incrementalPatch({ stock: 7 });
		const n = await bulkModify(
			db.products,
			docs,
			(d) => (d.sku === docs[1]!.sku ? null : { ...d, price: d.price + 1 }),
			'test'
		);
		expect(n).toBe(19);
		const now = await db.products.findByIds(docs.map((x) => x.id)).exec();
		expect(now.get(first.id)?.stock).toBe(7);
		expect(now.get(first.id)?.price).toBe(first.price + 1);
		expect(now.get(docs[1]!.id)?.price).toBe(docs[1]!.price);
		for (const x of docs.slice(2)) expect(now.get(x.id)?.price).toBe(x.price + 1);
	}, 60_000);
});
