// Why: the cloud pull (`updates?since=`): products, categories and deletions since the stored `sync_checkpoint`; run after every stream (re)connect.
import { META, getMeta } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import { applyCategoryUpdates, applyDeletion, applyProductUpdates, applyStoreConfig } from './apply';
import { cloudRequest } from './client';

/** One cloud pull at a time across tabs: the replicator's (on connect) and a sync job's would fetch and apply the same pages. */
export const CLOUD_PULL_LOCK = 'kasir-cloud-pull';

/**
 * Pages until `has_more` is false, saving the checkpoint after each page; returns how many local docs changed.
 * A second caller waits for the running pull and then asks only for what came after it.
 */
export async function pullCloudUpdates(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	return ctx.locks.request(CLOUD_PULL_LOCK, { signal }, () => pullPages(ctx, signal));
}

/**
 * Held by a sync job while it runs its master steps (worker/jobs/manager.ts). The cloud pull applies no page meanwhile
 * (it fetches ahead instead): once the master pull is done, every product it stored at the cloud's version is skipped
 * unread (worker/sync/written-products.ts), where a page applied during the master pull reads its 1000 ids from the
 * products store on the same IndexedDB sequence as the master pull's writes, mostly to find them not stored yet.
 */
export const MASTER_PULL_LOCK = 'kasir-master-pull';

/**
 * Waits until no sync job runs its master steps, or `masterWaitMs` at most: the wait is an optimisation (the rows it
 * stores are then skipped unread), never a condition, so a job stuck on a slow head office cannot hold the cloud's
 * changes, or the reconnect's push behind this pull, for longer than that.
 */
async function afterMasterPull(ctx: Ctx, signal?: AbortSignal): Promise<void> {
	const stop = new AbortController();
	const onAbort = () => stop.abort(signal?.reason);
	signal?.addEventListener('abort', onAbort, { once: true });
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			ctx.locks.request(MASTER_PULL_LOCK, { signal: stop.signal }, async () => {}).catch(() => {}),
			new Promise<void>((r) => (timer = setTimeout(r, ctx.tunables.masterWaitMs)))
		]);
	} finally {
		clearTimeout(timer);
		stop.abort();
		signal?.removeEventListener('abort', onAbort);
	}
	signal?.throwIfAborted();
}

/**
 * How many pages the pull may have fetched beyond the one it applies (while it waits for a master pull): up to 16,
 * and no more than ~16,000 rows held at once whatever the page size.
 */
const pagesAhead = (limit: number | null) => Math.min(16, Math.ceil(16_000 / (limit ?? 1000)));

type UpdatesPage = Awaited<ReturnType<typeof fetchPage>>;

/** One page of `updates` after `since` (null: from the start). */
function fetchPage(ctx: Ctx, since: string | null, signal?: AbortSignal) {
	const q = new URLSearchParams();
	if (since) q.set('since', since);
	if (ctx.tunables.cloudPageLimit) q.set('limit', String(ctx.tunables.cloudPageLimit));
	const query = q.toString();
	return cloudRequest(ctx, `/updates${query ? `?${query}` : ''}`, 'UpdatesResponse', { signal });
}

/** Whether a page is followed by another one (its `since` is this page's `sync_checkpoint`). */
const hasMore = (page: UpdatesPage, since: string | null) =>
	page.data.has_more && page.data.sync_checkpoint !== since;

/**
 * The pages after `since`, each asked for as soon as the one before arrives (its `since` is that page's
 * `sync_checkpoint`), at most `ahead` of them beyond the page last taken. A failed request ends the asking; the failure
 * is thrown to whoever takes that page.
 */
class PageQueue {
	readonly #pages: Promise<UpdatesPage>[] = [];
	#taken = 0;
	#since: string | null;
	#asking = false;
	#ended = false;

	constructor(
		private readonly ctx: Ctx,
		since: string | null,
		private readonly signal: AbortSignal | undefined,
		private readonly ahead: number
	) {
		this.#since = since;
		this.#ask();
	}

	#ask(): void {
		if (this.#asking || this.#ended || this.#pages.length - this.#taken >= this.ahead) return;
		this.#asking = true;
		const since = this.#since;
		const t = performance.now();
		const page = fetchPage(this.ctx, since, this.signal);
		this.#pages.push(page);
		page.then(
			(p) => {
				// On the first sync's timeline (bench/first-sync-profile.ts): when the server built this page beside the HO pull's.
				performance.measure('kasir:cloud:fetch', {
					start: t,
					detail: { entity: 'updates', rows: p.data.products.length }
				});
				this.#asking = false;
				if (hasMore(p, since)) {
					this.#since = p.data.sync_checkpoint;
					this.#ask();
				} else this.#ended = true;
			},
			() => {
				this.#asking = false;
				this.#ended = true;
			}
		);
	}

	/** No more asking (the pull ended or failed): a request under way is left to settle. */
	close(): void {
		this.#ended = true;
	}

	/** The next page; called again only after a page that `hasMore`. */
	take(): Promise<UpdatesPage> {
		const page = this.#pages[this.#taken];
		if (!page) throw new Error('cloud pull: a page was taken before it was asked for');
		this.#taken++;
		this.#ask();
		return page;
	}
}

/**
 * Pages are fetched ahead of the one applied (the next one while it is applied; up to `pagesAhead` while a master pull
 * runs); each page's checkpoint is still saved only after the page is applied, page after page.
 */
async function pullPages(ctx: Ctx, signal?: AbortSignal): Promise<number> {
	signal?.throwIfAborted();
	const since = (await getMeta<string>(ctx.db, META.cloudCheckpoint)) ?? null;
	const t = performance.now();
	const pages = new PageQueue(ctx, since, signal, pagesAhead(ctx.tunables.cloudPageLimit));
	try {
		return await applyPages(ctx, pages, since, t, signal);
	} finally {
		pages.close();
	}
}

async function applyPages(
	ctx: Ctx,
	pages: PageQueue,
	from: string | null,
	start: number,
	signal?: AbortSignal
): Promise<number> {
	let n = 0;
	let since = from;
	let t = start;
	for (;;) {
		const res = await pages.take();
		signal?.throwIfAborted();
		const d = res.data;
		// A sync job's master steps first (the lock is free at once otherwise): the rows they store are then skipped unread.
		const asked = performance.now();
		await afterMasterPull(ctx, signal);
		if (performance.now() - asked > 5) t = performance.now(); // the page's measure: from the master pull's end
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
		if (!hasMore(res, since)) return n;
		since = d.sync_checkpoint;
		t = performance.now();
	}
}
