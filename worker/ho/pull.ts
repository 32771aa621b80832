// Why: the HO master pull: page by page since a per-collection checkpoint saved after each page is written, so an interruption resumes exactly there.
import {
	BrandsPage,
	CategoriesPage,
	CompaniesPage,
	ModifiersPage,
	ProductsPage,
	StoresPage,
	type MasterEntity
} from '../../src/lib/contract/ho';
import { brandKey, checkpointKey, companyKey, getMeta, setMeta } from '../../src/lib/db/meta';
import type { Ctx } from '../context';
import { backoffDelay, sleep } from '../net/backoff';
import { NetError } from '../net/errors';
import { hoRequest } from './client';
import { brandDoc, categoryDoc, companyDoc, modifierDoc, productDoc, storeDoc } from './map';

export const MASTER_ORDER: readonly MasterEntity[] = [
	'companies',
	'brands',
	'stores',
	'categories',
	'products',
	'modifiers'
];

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
	signal?: AbortSignal
) {
	const q = new URLSearchParams({ company_id: companyId, limit: String(limit) });
	if (since) q.set('since', since);
	const path = `/api/sync/${entity}/?${q}`;
	const o = { signal };
	switch (entity) {
		case 'companies': {
			const p = (await hoRequest(ctx, path, CompaniesPage, o)).data;
			return {
				rows: p.companies,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: () => writeMeta(ctx, p.companies.map(companyDoc), companyKey)
			};
		}
		case 'brands': {
			const p = (await hoRequest(ctx, path, BrandsPage, o)).data;
			return {
				rows: p.brands,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: () => writeMeta(ctx, p.brands.map(brandDoc), brandKey)
			};
		}
		case 'stores': {
			const p = (await hoRequest(ctx, path, StoresPage, o)).data;
			return {
				rows: p.stores,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: async () => void (await ctx.db.stores.bulkUpsert(p.stores.map(storeDoc)))
			};
		}
		case 'categories': {
			const p = (await hoRequest(ctx, path, CategoriesPage, o)).data;
			return {
				rows: p.categories,
				checkpoint: p.checkpoint,
				has_more: p.has_more,
				write: async () => void (await ctx.db.categories.bulkUpsert(p.categories.map(categoryDoc)))
			};
		}
		case 'products': {
			const p = (await hoRequest(ctx, path, ProductsPage, o)).data;
			const write = async () => {
				const existing = await ctx.db.products.findByIds(p.products.map((r) => r.id)).exec();
				await ctx.db.products.bulkUpsert(
					p.products.map((r) => productDoc(r, existing.get(r.id)?.photo_id ?? null))
				);
			};
			return { rows: p.products, checkpoint: p.checkpoint, has_more: p.has_more, write };
		}
		case 'modifiers': {
			const p = (await hoRequest(ctx, path, ModifiersPage, o)).data;
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

async function logPage(ctx: Ctx, entry: PullLogEntry): Promise<void> {
	const log = (await getMeta<PullLogEntry[]>(ctx.db, PULL_LOG_KEY)) ?? [];
	log.push(entry);
	await setMeta(ctx.db, PULL_LOG_KEY, log.slice(-300));
}

/** Pulls one master collection to the end; returns how many rows were written. */
export async function pullEntity(ctx: Ctx, entity: MasterEntity, opts: PullOptions = {}): Promise<number> {
	const s = await ctx.settings();
	if (!s.company_id)
		throw new NetError('not_configured', 'No company chosen: pick the company and store on the setup page.');
	let since = (await getMeta<string>(ctx.db, checkpointKey(entity))) ?? null;
	let total = 0;
	let failures = 0;
	for (;;) {
		opts.signal?.throwIfAborted();
		let page: Awaited<ReturnType<typeof fetchPage>>;
		try {
			page = await fetchPage(ctx, entity, s.company_id, since, ctx.tunables.hoPageLimit, opts.signal);
			failures = 0;
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
		await page.write();
		await logPage(ctx, { entity, since, count: page.rows.length, at: new Date().toISOString() });
		if (page.checkpoint && page.checkpoint !== since) {
			since = page.checkpoint;
			await setMeta(ctx.db, checkpointKey(entity), since);
		}
		total += page.rows.length;
		await opts.onPage?.({ entity, count: page.rows.length, total });
		if (!page.has_more || page.rows.length === 0) return total;
	}
}
