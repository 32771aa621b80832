// Why: a sync job asks for the master collections' first pages together (`MasterAhead`); these tests hold it to asking
// each first page once, before the second step's page is stored, and to storing what the one-step-at-a-time pull stores.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { MasterEntity } from '../../src/lib/contract/ho';
import { checkpointKey, getMeta } from '../../src/lib/db/meta';
import type { SyncJobDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { startSync } from '../jobs/manager';
import '../jobs/steps';
import { demoLogin } from '../testing';
import { workerHarness } from '../test-harness';
import { MASTER_ORDER, MasterAhead, pullEntity } from './pull';

const h = workerHarness();

interface PageRequest {
	entity: MasterEntity;
	since: string | null;
	/** Whether the brands' page (the second step's) was already stored when this request was sent. */
	afterBrands: boolean;
}

/** Records every HO sync page request (through the context's real fetch) and, optionally, answers one with `fail`. */
function recordRequests(ctx: Ctx, stored: () => boolean, fail?: (r: PageRequest) => boolean): PageRequest[] {
	const seen: PageRequest[] = [];
	const real = ctx.fetch;
	ctx.fetch = (input, init) => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		const m = /\/api\/sync\/(\w+)\/$/.exec(url.pathname);
		if (m && (MASTER_ORDER as readonly string[]).includes(m[1] ?? '')) {
			const r = {
				entity: m[1] as MasterEntity,
				since: url.searchParams.get('since'),
				afterBrands: stored()
			};
			seen.push(r);
			if (fail?.(r))
				return Promise.resolve(Response.json({ detail: 'refused by the test' }, { status: 400 }));
		}
		return real(input, init);
	};
	return seen;
}

async function finished(ctx: Ctx, id: string): Promise<SyncJobDoc> {
	for (;;) {
		const j = (await ctx.db.sync_jobs.findOne(id).exec())?.toMutableJSON();
		if (j && j.status !== 'running') return j;
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function serverCount(ctx: Ctx, companyId: string, entity: MasterEntity): Promise<number> {
	const token = (await ctx.settings()).ho_access;
	let since: string | null = null;
	for (let n = 0; ;) {
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

describe('the master collections’ first pages asked for together', () => {
	it('are each asked for once, before the brands’ page is stored, and the job stores what the server holds', async () => {
		const { ctx, db } = await h.open({ hoPageLimit: 7 });
		const { companyId } = await demoLogin(ctx, h.url);
		let brandsStored = false;
		const sub = db.meta.$.subscribe((e) => {
			if (e.documentId.startsWith('brand:')) brandsStored = true;
		});
		const requests = recordRequests(ctx, () => brandsStored);
		try {
			const r = await startSync(ctx, 'master');
			if (!r.success) throw new Error(r.message);
			const job = await finished(ctx, r.syncId);
			expect(job.status).toBe('completed');

			const firsts = requests.filter((q) => q.since === null);
			// Each collection's first page once (the page asked for ahead was the one written, not asked again) …
			expect(firsts.map((q) => q.entity).sort()).toEqual([...MASTER_ORDER].sort());
			// … and all of them before the brands' page was stored (one step after another: only the companies' and brands').
			expect(firsts.filter((q) => q.afterBrands)).toEqual([]);
			expect(requests.filter((q) => q.entity === 'products').length).toBeGreaterThan(5);

			for (const e of MASTER_ORDER) {
				expect(job.results[e]?.count, e).toBe(await serverCount(ctx, companyId, e));
				expect(await getMeta<string>(db, checkpointKey(e)), e).toBeTruthy();
			}
			expect(await db.products.count().exec()).toBe(job.results.products?.count);

			// The checkpoints are the last pages': a second job asks from them and stores nothing.
			const again = await startSync(ctx, 'master');
			if (!again.success) throw new Error(again.message);
			expect((await finished(ctx, again.syncId)).totalUpdated).toBe(0);
		} finally {
			sub.unsubscribe();
		}
	}, 60_000);

	it('is not used by a pull that starts from another checkpoint', async () => {
		const { ctx, db } = await h.open();
		const { companyId } = await demoLogin(ctx, h.url);
		const ahead = new MasterAhead();
		ahead.ask(ctx, companyId, new Map([['categories', null]]), {}, { settings: await ctx.settings() });
		// The categories are pulled (their checkpoint moves) before the page asked from no checkpoint is taken.
		const all = await pullEntity(ctx, 'categories');
		expect(all).toBeGreaterThan(0);
		const requests = recordRequests(ctx, () => true);
		expect(await pullEntity(ctx, 'categories', { ahead })).toBe(0);
		expect(requests).toEqual([
			{
				entity: 'categories',
				since: await getMeta<string>(db, checkpointKey('categories')),
				afterBrands: true
			}
		]);
	});

	it('is asked for again by its own step when the request ahead failed', async () => {
		const { ctx, db } = await h.open();
		const { companyId } = await demoLogin(ctx, h.url);
		let refused = 0;
		const requests = recordRequests(
			ctx,
			() => true,
			(r) => r.entity === 'categories' && refused++ === 0
		);
		const ahead = new MasterAhead();
		ahead.ask(ctx, companyId, new Map([['categories', null]]), {}, { settings: await ctx.settings() });
		const n = await pullEntity(ctx, 'categories', { ahead });
		expect(n).toBe(await serverCount(ctx, companyId, 'categories'));
		expect(await db.categories.count().exec()).toBe(n);
		expect(requests.map((q) => q.entity)).toEqual(['categories', 'categories']);
	});
});
