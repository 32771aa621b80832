// Why: the cloud pull (`updates?since=`): products, categories and deletions since the stored `sync_checkpoint`; run after every stream (re)connect.
import { META, getMeta, setMeta } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import { applyCategoryUpdate, applyDeletion, applyProductUpdate, applyStoreConfig } from './apply';
import { cloudRequest } from './client';
import { UpdatesResponse } from './wire';

/** Pages until `has_more` is false, saving the checkpoint after each page; returns how many local docs changed. */
export async function pullCloudUpdates(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	let n = 0;
	for (;;) {
		signal?.throwIfAborted();
		const since = await getMeta<string>(ctx.db, META.cloudCheckpoint);
		const q = since ? `?since=${encodeURIComponent(since)}` : '';
		const res = await cloudRequest(ctx, `/updates${q}`, UpdatesResponse, { signal });
		await ctx.fence.assertCurrent(); // a superseded leader applies nothing it fetched
		const d = res.data;
		for (const p of d.products) if (await applyProductUpdate(ctx, p, { ...p }, p.version, p.updated_at)) n++;
		for (const c of d.categories)
			if (await applyCategoryUpdate(ctx, c.cloud_id, c, c.version, c.updated_at)) n++;
		for (const x of d.deleted) if (await applyDeletion(ctx, x.entity_type, x, x.deleted_at)) n++;
		if (d.config) await applyStoreConfig(ctx, (await ctx.settings()).outlet_id, d.config);
		await setMeta(ctx.db, META.cloudCheckpoint, d.sync_checkpoint);
		await setMeta(ctx.db, META.lastPull, new Date().toISOString());
		if (!d.has_more || d.sync_checkpoint === since) return n;
	}
}
