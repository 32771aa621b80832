// Why: the HO master pull: page by page since a per-collection checkpoint saved after each page is written, so an interruption resumes exactly there.
import { MASTER_ENTITIES, type MasterEntity } from '../../src/lib/contract/values';
import { brandKey, checkpointKey, companyKey, getMeta } from '../../src/lib/db/meta';
import type { MetaDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { backoffDelay, sleep } from '../net/backoff';
import { NetError } from '../net/errors';
import { insertOrMerge } from '../sync/bulk-insert';
import { writtenProducts } from '../sync/written-products';
import { hoRequest, type HoSession } from './client';
import { brandDoc, categoryDoc, companyDoc, modifierDoc, productDoc, storeDoc } from './map';

/** The order the pull walks the master entities in (parents before children). */
export const MASTER_ORDER: readonly MasterEntity[] = MASTER_ENTITIES;

export interface PullLogEntry {
	entity: MasterEntity;
	since: string | null;
	count: number;
	at: string;
}

/** The last page requests, newest last: lets a test (and a person) see that a pull resumed instead of starting over. */
export const PULL_LOG_KEY = 'pull:log:ho';

export interface PullOptions {
	signal?: AbortSignal;
	/** Called after every page is stored. Throwing stops the pull (cancel). */
	onPage?: (info: { entity: MasterEntity; count: number; total: number }) => Promise<void> | void;
	/** Transient failures (offline, 5xx) retried with backoff before giving up; default 6 (about a minute). */
	retries?: number;
}

async function fetchPage(
	ctx: Ctx,
	entity: MasterEntity,
	companyId: string,
	since: string | null,
	limit: number,
	session: HoSession,
	signal?: AbortSignal
) {
	const q = new URLSearchParams({ company_id: companyId, limit: String(limit) });
	if (since) q.set('since', since);
	const path = `/api/sync/${entity}/?${q}`;
	const o = { signal, session };
	switch (entity) {
		case 'companies': {
			const p = (await hoRequest(ctx, path, 'CompaniesPage', o)).data;
			return {
				rows: p.companies,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: () => writeMeta(ctx, p.companies.map(companyDoc), companyKey)
			};
		}
		case 'brands': {
			const p = (await hoRequest(ctx, path, 'BrandsPage', o)).data;
			return {
				rows: p.brands,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: () => writeMeta(ctx, p.brands.map(brandDoc), brandKey)
			};
		}
		case 'stores': {
			const p = (await hoRequest(ctx, path, 'StoresPage', o)).data;
			return {
				rows: p.stores,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: async () => void (await ctx.db.stores.bulkUpsert(p.stores.map(storeDoc)))
			};
		}
		case 'categories': {
			const p = (await hoRequest(ctx, path, 'CategoriesPage', o)).data;
			return {
				rows: p.categories,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: async () => void (await ctx.db.categories.bulkUpsert(p.categories.map(categoryDoc)))
			};
		}
		case 'products': {
			const p = (await hoRequest(ctx, path, 'ProductsPage', o)).data;
			// One write, no read first: rows the device already holds come back as conflicts and are compared then; one
			// held at the same version and time (a re-sent page) is not rewritten, and `photo_id` (the photo sync's) is kept.
			// What it stores is remembered (until another writer touches it): the cloud pull skips those rows unread.
			// `addFirst`: the new rows added below RxDB's read of every key (worker/sync/add-unread.ts); returns how many the
			// device held already, so the pull stops adding first once pages come back held (an update, not a first sync).
			const write = async (addFirst: boolean): Promise<number> => {
				const written = writtenProducts(ctx.db.products);
				const docs = p.products.map((r) => productDoc(r, null));
				const ids = docs.map((d) => d.id);
				written.writing(ids);
				try {
					const res = await insertOrMerge(
						ctx.db.products,
						docs,
						(r, e) =>
							e.version === r.version && e.updated_at === r.updated_at && e.is_deleted === r.is_deleted
								? null
								: { ...r, photo_id: e.photo_id ?? null },
						written.context,
						{ onStored: (now) => written.stored(now), addFirst }
					);
					return res.held;
				} catch (e) {
					written.failed(ids);
					throw e;
				}
			};
			return { rows: p.products, checkpoint: p.checkpoint, has_more: p.has_more, write };
		}
		case 'modifiers': {
			const p = (await hoRequest(ctx, path, 'ModifiersPage', o)).data;
			return {
				rows: p.modifiers,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: async () => void (await ctx.db.modifiers.bulkUpsert(p.modifiers.map(modifierDoc)))
			};
		}
	}
}

async function writeMeta<T extends { id: string }>(
	ctx: Ctx,
	docs: T[],
	key: (id: string) => string
): Promise<void> {
	const now = new Date().toISOString();
	await ctx.db.meta.bulkUpsert(docs.map((d) => ({ key: key(d.id), value: d, updated_at: now })));
}

/** Fetches one page, retrying transient failures (offline, 5xx, rate limited) with backoff. */
async function fetchWithRetry(
	ctx: Ctx,
	entity: MasterEntity,
	companyId: string,
	since: string | null,
	opts: PullOptions,
	session: HoSession
): Promise<Page> {
	for (let failures = 0; ;) {
		opts.signal?.throwIfAborted();
		try {
			const t = performance.now();
			const page = await fetchPage(
				ctx,
				entity,
				companyId,
				since,
				ctx.tunables.hoPageLimit,
				session,
				opts.signal
			);
			performance.measure('kasir:ho:fetch', { start: t, detail: { entity, rows: page.rows.length } });
			return page;
		} catch (e) {
			if (e instanceof NetError && e.transient && failures < (opts.retries ?? 6)) {
				failures++;
				await sleep(
					e.code === 'rate_limited'
						? e.retryAfter * 1000
						: backoffDelay(failures, { baseMs: 1000, maxMs: 15_000 }),
					opts.signal
				);
				continue;
			}
			throw e;
		}
	}
}

type Page = Awaited<ReturnType<typeof fetchPage>>;

/**
 * The sync's timeline (User Timing measures that bench/first-sync-profile.ts reads from the worker), cleared when a master
 * pull starts over so a worker that runs for weeks keeps one pull's worth.
 */
const TIMELINE = ['fetch', 'parse', 'write', 'checkpoint', 'wait']
	.map((n) => `kasir:ho:${n}`)
	.concat('kasir:cloud:page', 'kasir:cloud:fetch');

/**
 * Pulls one master collection to the end; returns how many rows were written.
 * The next page is fetched while the current one is written (its `since` is known as soon as the current page
 * arrives); the checkpoint is saved only after its page is stored, together with the pull log in one write. That
 * write (another store) runs beside the next page's write instead of before it: the checkpoints still follow their
 * pages in order (each one starts after its page is stored and after the previous checkpoint), and the pull returns
 * only once the last one is saved.
 */
export async function pullEntity(ctx: Ctx, entity: MasterEntity, opts: PullOptions = {}): Promise<number> {
	if (entity === MASTER_ORDER[0]) for (const name of TIMELINE) performance.clearMeasures(name);
	const [s, stored, storedLog] = await Promise.all([
		ctx.settings(),
		getMeta<string>(ctx.db, checkpointKey(entity)),
		getMeta<PullLogEntry[]>(ctx.db, PULL_LOG_KEY)
	]);
	if (!s.company_id)
		throw new NetError('not_configured', 'No company chosen: pick the company and store on the setup page.');
	const companyId = s.company_id;
	/** The settings (the token) read once for every page, not from storage per request (worker/ho/client.ts). */
	const session: HoSession = { settings: s };
	let since = stored ?? null;
	const log = storedLog ?? [];
	let total = 0;
	/** The previous page's checkpoint write, still running while this page is written. */
	let saving: Promise<void> | null = null;
	/** Pages are added below RxDB's read until one comes back mostly held (see `write` of products). */
	let addFirst = true;
	try {
		let page = await fetchWithRetry(ctx, entity, companyId, since, opts, session);
		for (;;) {
			const t = performance.now();
			const more = page.has_more && page.rows.length > 0;
			const nextSince = page.checkpoint && page.checkpoint !== since ? page.checkpoint : since;
			const next = more ? fetchWithRetry(ctx, entity, companyId, nextSince, opts, session) : null;
			// Settled here so a failure while this page is written is not reported as unhandled; awaited below.
			next?.catch(() => {});
			const held = await page.write(addFirst);
			if (typeof held === 'number' && held * 2 > page.rows.length) addFirst = false;
			const written = performance.now();
			performance.measure('kasir:ho:write', { start: t, detail: { entity, rows: page.rows.length } });
			// The previous checkpoint (long done, normally): a failure to save it stops the pull here.
			await saving;
			const now = new Date().toISOString();
			log.push({ entity, since, count: page.rows.length, at: now });
			const metaDocs: MetaDoc[] = [{ key: PULL_LOG_KEY, value: log.slice(-300), updated_at: now }];
			if (nextSince !== since && nextSince)
				metaDocs.push({ key: checkpointKey(entity), value: nextSince, updated_at: now });
			saving = ctx.db.meta.bulkUpsert(metaDocs).then(() => {
				performance.measure('kasir:ho:checkpoint', { start: written, detail: { entity } });
			});
			saving.catch(() => {});
			since = nextSince;
			total += page.rows.length;
			await opts.onPage?.({ entity, count: page.rows.length, total });
			if (!next) break;
			const waited = performance.now();
			page = await next;
			performance.measure('kasir:ho:wait', { start: waited, detail: { entity } });
		}
		await saving;
		return total;
	} finally {
		// A page that failed or was cancelled after a stored one: that one's checkpoint is still saved before the pull ends.
		await saving?.catch(() => {});
	}
}
