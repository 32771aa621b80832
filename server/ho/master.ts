// Master-data sync (seed 000): companies, brands, stores, categories, products, modifiers by checkpoint.
import { createRoute, type z } from '@hono/zod-openapi';
import {
	CompaniesQuery,
	HoErrorBody,
	MASTER_PAGES,
	MasterQuery,
	type MasterEntity
} from '../../src/lib/contract/ho.ts';
import type { Deps } from '../deps.ts';
import type { Queryable, Row } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { assertCompany } from './company.ts';
import { errorResponses, withTwin, type HoApp } from './http.ts';

const times = `is_deleted, ${isoUs('created_at')} as created_at, ${isoUs('updated_at')} as updated_at`;

/** The columns each entity sends, rendered as the wire wants them (ids as text, money as numbers). */
const SPEC: Record<MasterEntity, { table: string; scope: string; cols: string }> = {
	companies: { table: 'companies', scope: 'id', cols: `id::text, code, name, address, phone, ${times}` },
	brands: { table: 'brands', scope: 'company_id', cols: `id::text, company_id::text, code, name, ${times}` },
	stores: {
		table: 'stores',
		scope: 'company_id',
		cols: `id::text, company_id::text, brand_id::text, code, name, address, timezone, config, table_count, ${times}`
	},
	categories: {
		table: 'categories',
		scope: 'company_id',
		cols: `id::text, company_id::text, brand_id::text, name, sort_order, version, ${times}`
	},
	products: { table: 'products', scope: 'company_id', cols: productColumns('') },
	modifiers: {
		table: 'modifiers',
		scope: 'company_id',
		cols: `id::text, company_id::text, name, min_select, max_select, is_required, options, sort_order, ${times}`
	}
};

/**
 * Product columns in wire form; shared with the admin routes, the event payloads and the cloud's updates
 * (which sends a tombstone's `deleted_at` as `coalesce(deleted_at, updated_at)`).
 */
export function productColumns(
	prefix: string,
	deletedAt = `${prefix ? `${prefix}.` : ''}deleted_at`
): string {
	const p = prefix ? `${prefix}.` : '';
	return `${p}id::text as id, ${p}company_id::text as company_id, ${p}brand_id::text as brand_id, ${p}category_id::text as category_id,
	        ${p}sku, ${p}name, ${p}description, ${p}price::float8 as price, ${p}stock, ${p}destination, ${p}is_available,
	        ${p}modifier_group_ids::text[] as modifier_group_ids, ${p}version, ${p}is_deleted,
	        ${isoUs(deletedAt)} as deleted_at, ${isoUs(`${p}created_at`)} as created_at, ${isoUs(`${p}updated_at`)} as updated_at`;
}

export interface Page {
	rows: Row[];
	checkpoint: string | null;
	has_more: boolean;
}

/**
 * Rows changed after `since`, oldest change first. Change stamps are strictly increasing in commit
 * order (see migrations.ts), so `changed_at > checkpoint` skips nothing and repeats nothing.
 */
export async function readPage(
	q: Queryable,
	entity: MasterEntity,
	companyId: string,
	since: string | undefined,
	limit: number
): Promise<Page> {
	const s = SPEC[entity];
	const { rows } = await q.query(
		`select ${s.cols}, ${isoUs('changed_at')} as _checkpoint from ${s.table}
		  where ${s.scope} = $1 and ($2::timestamptz is null or changed_at > $2::timestamptz)
		  order by changed_at limit $3`,
		[companyId, since ?? null, limit + 1]
	);
	const has_more = rows.length > limit;
	const page = rows.slice(0, limit);
	const last = page[page.length - 1];
	const checkpoint = last ? String(last._checkpoint) : (since ?? null);
	for (const r of page) delete r._checkpoint;
	return { rows: page, checkpoint, has_more };
}

/** Rows leave as the SQL renders them, so the route documents each page schema without typing the handler by it. */
const pageSchema = (entity: MasterEntity): z.ZodType => MASTER_PAGES[entity];

const route = (entity: MasterEntity) =>
	createRoute({
		method: 'get',
		path: `/api/sync/${entity}/`,
		tags: ['HO master sync'],
		summary: `Pull ${entity} changed since a checkpoint (tombstones included)`,
		security: [{ bearer: [] }],
		request: { query: entity === 'companies' ? CompaniesQuery : MasterQuery },
		responses: {
			200: {
				description: `A page of ${entity}`,
				content: { 'application/json': { schema: pageSchema(entity) } }
			},
			...errorResponses(HoErrorBody, 400, 401, 403, 404)
		}
	});

export function registerMaster(app: HoApp, deps: Deps): void {
	for (const entity of ['companies', 'brands', 'stores', 'categories', 'products', 'modifiers'] as const) {
		for (const r of withTwin(route(entity))) {
			app.openapi(r, async (c) => {
				const claims = c.get('claims');
				const query: { company_id?: string; since?: string; limit: number } = c.req.valid('query');
				const companyId = query.company_id ?? claims.company_id;
				await assertCompany(deps.db, companyId, claims.company_id);
				const page = await readPage(deps.db, entity, companyId, query.since, query.limit);
				return c.json(
					{
						status: 'success' as const,
						data: { [entity]: page.rows, checkpoint: page.checkpoint, has_more: page.has_more }
					},
					200
				);
			});
		}
	}
}
