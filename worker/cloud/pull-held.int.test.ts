// Why: the cloud pull skips, unread, the rows the master pull has just stored at the same version; these tests hold it to
// the same result as reading them: the same database reopened (a new session remembers nothing) and pulled again from the
// same checkpoint reads every row and must find nothing left to change.
import 'fake-indexeddb/auto';
import { createRevision, now, type RxDocumentData } from 'rxdb';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase, type KasirDatabase } from '../../src/lib/db/database';
import { META, getMeta } from '../../src/lib/db/meta';
import type { ProductDoc } from '../../src/lib/db/types';
import { otherProductsStorage } from '../../tests/helpers/product-docs';
import { createCtx, type Ctx } from '../context';
import { EventBus } from '../events';
import { MASTER_ORDER, pullEntity } from '../ho/pull';
import { startSync } from '../jobs/manager';
import { platformLocks } from '../net/locks';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { writtenProducts } from '../sync/written-products';
import { MASTER_PULL_LOCK, pullCloudUpdates } from './pull';

const h = workerHarness();

/**
 * One database, opened only while it acts (RxDB's free build allows 13 collections per JS realm, so one at a time);
 * `multiInstance` as in the browser, where the UI thread's instance and the worker's share it.
 */
function device() {
	const name = `held_${crypto.randomUUID().slice(0, 8)}`;
	return async <T>(fn: (d: { ctx: Ctx; db: KasirDatabase }) => Promise<T>): Promise<T> => {
		const db = await openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: true });
		const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: h.url });
		try {
			return await fn({ ctx, db });
		} finally {
			await db.close();
		}
	};
}

/**
 * Counts the products the cloud pull looks up by id (`findByIds`: RxDB answers from its document cache or reads the
 * storage), calling through to the real one.
 */
function countReads(db: KasirDatabase): { ids: string[] } {
	const seen = { ids: [] as string[] };
	const real = db.products.findByIds.bind(db.products);
	vi.spyOn(db.products, 'findByIds').mockImplementation((ids) => {
		seen.ids.push(...ids);
		return real(ids);
	});
	return seen;
}

const revs = async (db: KasirDatabase) =>
	new Map((await db.products.find().exec()).map((d) => [d.id, d.revision]));

async function patchAtCloud(ctx: Ctx, id: string, body: Record<string, unknown>): Promise<void> {
	const token = (await ctx.settings()).ho_access;
	const r = await fetch(`${h.url}/api/v1/admin/products/${id}`, {
		method: 'PATCH',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...body, reason: 'held-products test' })
	});
	expect(r.status).toBe(200);
}

/**
 * The pull without memory: in a new session (nothing remembered) the checkpoint is set back to where the first pull
 * started and the pull runs again, reading every row. Whatever the skipping pull left undone, this one would write.
 */
async function pullAgainReadingAll(db: KasirDatabase, ctx: Ctx, since: string | undefined) {
	expect(writtenProducts(db.products).size).toBe(0);
	const cp = await db.meta.findOne(META.cloudCheckpoint).exec();
	if (since === undefined) await cp?.remove();
	else await cp?.incrementalPatch({ value: since });
	const before = await revs(db);
	const reads = countReads(db);
	const changed = await pullCloudUpdates(ctx);
	const moved = [...(await revs(db))].filter(([id, rev]) => before.get(id) !== rev).map(([id]) => id);
	return {
		changed,
		moved,
		reads: new Set(reads.ids),
		checkpoint: await getMeta<string>(db, META.cloudCheckpoint)
	};
}

describe('the cloud pull after this session’s master pull', () => {
	it('reads none of the products the master pull stored, and leaves what a pull reading them would', async () => {
		const at = device();
		const first = await at(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			for (const e of MASTER_ORDER) await pullEntity(ctx, e);
			const count = await db.products.count().exec();
			expect(count).toBeGreaterThan(50);
			expect(writtenProducts(db.products).size).toBe(count);
			const reads = countReads(db);
			expect(await pullCloudUpdates(ctx)).toBe(0);
			expect(reads.ids).toEqual([]);
			return { count, checkpoint: await getMeta<string>(db, META.cloudCheckpoint) };
		});
		expect(first.checkpoint).toBeTruthy();
		const again = await at(({ ctx, db }) => pullAgainReadingAll(db, ctx, undefined));
		// The pull that reads compared every product of every page, and found nothing the skipping one should have written.
		expect(again.reads.size).toBeGreaterThan(first.count / 2);
		expect(again.changed).toBe(0);
		expect(again.moved).toEqual([]);
		expect(again.checkpoint).toBe(first.checkpoint);
	}, 120_000);

	it('with pages of 7, ends at the same checkpoint as the pull that reads every row', async () => {
		const at = device();
		const first = await at(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			for (const e of MASTER_ORDER) await pullEntity(ctx, e);
			ctx.tunables.cloudPageLimit = 7;
			const reads = countReads(db);
			expect(await pullCloudUpdates(ctx)).toBe(0);
			expect(reads.ids).toEqual([]);
			return getMeta<string>(db, META.cloudCheckpoint);
		});
		const again = await at(({ ctx, db }) => {
			ctx.tunables.cloudPageLimit = 7;
			return pullAgainReadingAll(db, ctx, undefined);
		});
		expect(again.changed).toBe(0);
		expect(again.checkpoint).toBe(first);
	}, 120_000);

	it('reads and applies what somebody else changed: a newer cloud version, a write on the device, both', async () => {
		const at = device();
		const first = await at(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			for (const e of MASTER_ORDER) await pullEntity(ctx, e);
			const held = await db.products.find({ selector: { is_deleted: false }, limit: 4 }).exec();
			const [newer, local, both, untouched] = held as [(typeof held)[number], ...(typeof held)[number][]];
			// The cloud has a newer version of two products; the device writes two at the versions it holds (an edit, or
			// the conflict screen), one of them also newer at the cloud.
			await patchAtCloud(ctx, newer.id, { price: 61_000 });
			await patchAtCloud(ctx, both!.id, { stock: 17 });
			await local!.incrementalPatch({ price: 1, is_available: false });
			await both!.incrementalPatch({ name: 'Diubah di kasir' });
			const reads = countReads(db);
			expect(await pullCloudUpdates(ctx)).toBe(3);
			expect(new Set(reads.ids)).toEqual(new Set([newer.id, local!.id, both!.id]));
			expect(reads.ids).not.toContain(untouched!.id);
			const now = await db.products.findByIds([newer.id, local!.id, both!.id]).exec();
			expect(now.get(newer.id)?.price).toBe(61_000);
			expect(now.get(newer.id)?.version).toBe(newer.version + 1);
			// Same version, the cloud's fields: compared and applied as before (the device's edit is replaced).
			expect(now.get(local!.id)?.price).toBe(local!.price);
			expect(now.get(local!.id)?.is_available).toBe(local!.is_available);
			expect(now.get(both!.id)?.stock).toBe(17);
			expect(now.get(both!.id)?.name).toBe(both!.name);
			return getMeta<string>(db, META.cloudCheckpoint);
		});
		const again = await at(({ ctx, db }) => pullAgainReadingAll(db, ctx, undefined));
		expect(again.changed).toBe(0);
		expect(again.moved).toEqual([]);
		expect(again.checkpoint).toBe(first);
	}, 120_000);

	it('waits for a sync job’s master steps before applying a page, fetching ahead meanwhile, and then reads nothing', async () => {
		const at = device();
		const first = await at(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			ctx.tunables.cloudPageLimit = 7;
			const reads = countReads(db);
			const asked: number[] = [];
			const base = ctx.fetch;
			ctx.fetch = (input, init) => {
				if (new URL(String(input)).pathname.endsWith('/updates')) asked.push(performance.now());
				return base(input, init);
			};
			let stored = Infinity;
			const sub = db.meta.findOne(META.cloudCheckpoint).$.subscribe((d) => {
				if (d) stored = Math.min(stored, performance.now());
			});
			// As the wizard: the job starts, and the replicator's connect-time cloud pull with it.
			const job = await startSync(ctx, 'master');
			if (!job.success) throw new Error(job.message);
			const pulled = pullCloudUpdates(ctx);
			// When the master steps ended, seen as the checkpoint is: by the write's change event (a poll would see it late on
			// a busy machine, and the checkpoint stored just after would look stored before it).
			let done: number | null = null;
			const jobSub = db.sync_jobs.findOne(job.syncId).$.subscribe((j) => {
				if (j?.results.modifiers?.status === 'success' && done === null) done = performance.now();
			});
			for (;;) {
				const j = await db.sync_jobs.findOne(job.syncId).exec();
				if (j && j.status !== 'running') break;
				await new Promise((r) => setTimeout(r, 10));
			}
			expect(await pulled).toBe(0);
			sub.unsubscribe();
			jobSub.unsubscribe();
			// No page was applied (no checkpoint) before the master steps ended, several were asked for meanwhile, and
			// no product was looked up: every row was one the master pull had just stored.
			expect(done).not.toBeNull();
			expect(stored).toBeGreaterThan(done! - 25);
			expect(asked.filter((x) => x < stored).length).toBeGreaterThan(1);
			expect(reads.ids).toEqual([]);
			return getMeta<string>(db, META.cloudCheckpoint);
		});
		const again = await at(({ ctx, db }) => {
			ctx.tunables.cloudPageLimit = 7;
			return pullAgainReadingAll(db, ctx, undefined);
		});
		expect(again.changed).toBe(0);
		expect(again.moved).toEqual([]);
		expect(again.checkpoint).toBe(first);
	}, 120_000);

	it('waits for master steps that never end only masterWaitMs, then applies its pages reading each row', async () => {
		await device()(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			ctx.tunables.cloudPageLimit = 7;
			ctx.tunables.masterWaitMs = 150;
			// A job stuck in its master steps (a head office that never answers): the lock is never given back.
			let release!: () => void;
			const held = new Promise<void>((ok) => {
				void ctx.locks.request(MASTER_PULL_LOCK, {}, () => {
					ok();
					return new Promise<void>((r) => (release = r));
				});
			});
			await held;
			try {
				const reads = countReads(db);
				await pullCloudUpdates(ctx);
				// Every page applied, reading its rows (nothing was remembered), and the last page's checkpoint stored.
				expect(reads.ids.length).toBeGreaterThan(7);
				expect(await getMeta<string>(db, META.cloudCheckpoint)).toBeTruthy();
			} finally {
				release();
			}
		});
	}, 60_000);

	it('forgets a product another RxDB instance of the same database writes (the UI thread, another tab)', async () => {
		const at = device();
		await at(async ({ ctx, db }) => {
			await demoOutlet(ctx, h.url);
			for (const e of MASTER_ORDER) await pullEntity(ctx, e);
			const held = await db.products.find({ selector: { is_deleted: false }, limit: 2 }).exec();
			const [edited, untouched] = held as [(typeof held)[number], (typeof held)[number]];
			expect(writtenProducts(db.products).get(edited.id)).toBeDefined();

			// The other instance's products storage (what its collection writes through; its change events reach this instance
			// over RxDB's multi-instance channel).
			const other = await otherProductsStorage(db);
			try {
				const [stored] = await other.findDocumentsById([edited.id], false);
				const previous = stored as RxDocumentData<ProductDoc>;
				const seen = firstValueFrom(
					db.products.findOne(edited.id).$.pipe(filter((d) => d?.price === edited.price + 500))
				);
				const res = await other.bulkWrite(
					[
						{
							previous,
							document: {
								...previous,
								price: edited.price + 500,
								_rev: createRevision('other', previous),
								_meta: { lwt: now() }
							}
						}
					],
					'ui-edit'
				);
				expect(res.error).toEqual([]);
				await seen; // this instance has the other's change event
			} finally {
				await other.close();
			}
			expect(writtenProducts(db.products).get(edited.id)).toBeUndefined();
			expect(writtenProducts(db.products).get(untouched.id)).toBeDefined();

			const reads = countReads(db);
			expect(await pullCloudUpdates(ctx)).toBe(1);
			expect(reads.ids).toEqual([edited.id]);
			// The cloud's row (same version, its price) was compared with the stored product and applied, as without memory.
			expect((await db.products.findOne(edited.id).exec())?.price).toBe(edited.price);
		});
	}, 120_000);
});
