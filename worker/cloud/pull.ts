// Why: the cloud pull (`updates?since=`): products, categories and deletions since the stored `sync_checkpoint`; run after every stream (re)connect.
import { META, getMeta } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import { applyCategoryUpdates, applyDeletion, applyProductUpdates, applyStoreConfig } from './apply';
import { cloudRequest } from './client';
import { UpdatesResponse } from './wire';

/** One cloud pull at a time across tabs: the replicator's (on connect) and a sync job's would fetch and apply the same pages. */
export const CLOUD_PULL_LOCK = 'kasir-cloud-pull';

/**
 * Pages until `has_more` is false, saving the checkpoint after each page; returns how many local docs changed.
 * A second caller waits for the running pull and then asks only for what came after it.
 */
export async function pullCloudUpdates(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	return ctx.locks.request(CLOUD_PULL_LOCK, { signal }, () => pullPages(ctx, signal));
}

/** One page of `updates` after `since` (null: from the start). */
function fetchPage(ctx: Ctx, since: string | null, signal?: AbortSignal) {
	const q = new URLSearchParams();
	if (since) q.set('since', since);
	if (ctx.tunables.cloudPageLimit) q.set('limit', String(ctx.tunables.cloudPageLimit));
	const query = q.toString();
	return cloudRequest(ctx, `/updates${query ? `?${query}` : ''}`, UpdatesResponse, { signal });
}

/**
 * The next page is asked for as soon as this one arrives (its `since` is this page's `sync_checkpoint`) and is on its
 * way while this one is applied; the checkpoint is still saved only after its page is applied, page after page.
 */
async function pullPages(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	let n = 0;
	signal?.throwIfAborted();
	let since = (await getMeta<string>(ctx.db, META.cloudCheckpoint)) ?? null;
	let t = performance.now();
	let pending = fetchPage(ctx, since, signal);
	for (;;) {
		const res = await pending;
		signal?.throwIfAborted();
		const d = res.data;
		const more = d.has_more && d.sync_checkpoint !== since;
		let next: typeof pending | null = null;
		if (more) {
			next = fetchPage(ctx, d.sync_checkpoint, signal);
			// Settled here so a failure while this page is applied is not reported as unhandled; awaited below.
			next.catch(() => {});
		}
		await ctx.fence.assertCurrent(); // a superseded leader applies nothing it fetched
		n += await applyProductUpdates(
			ctx,
			d.products.map((p) => ({ ...p, data: { ...p } }))
		);
		n += await applyCategoryUpdates(ctx, d.categories);
		for (const x of d.deleted) if (await applyDeletion(ctx, x.entity_type, x, x.deleted_at)) n++;
		if (d.config) await applyStoreConfig(ctx, (await ctx.settings()).outlet_id, d.config);
		const now = new Date().toISOString();
		await ctx.db.meta.bulkUpsert([
			{ key: META.cloudCheckpoint, value: d.sync_checkpoint, updated_at: now },
			{ key: META.lastPull, value: now, updated_at: now }
		]);
		// On the first sync's timeline (bench/first-sync-profile.ts): this pull shares the server with the HO pull.
		performance.measure('kasir:cloud:page', {
			start: t,
			detail: { entity: 'updates', rows: d.products.length }
		});
		if (!next) return n;
		since = d.sync_checkpoint;
		t = performance.now();
		pending = next;
	}
}
