// Route: updates since a checkpoint (seed 004 "Get Updates Since"): the company's products and
// categories and the outlet's config, paged together by change stamp so no page skips a row.
import { createRoute } from '@hono/zod-openapi';
import {
	OutletParams,
	UpdatesQuery,
	UpdatesResponse,
	type DeletedEntity,
	type UpdatedCategory,
	type UpdatedProduct
} from '../../src/lib/contract/cloud.ts';
import type { Deps } from '../deps.ts';
import type { Queryable, Row } from '../db/types.ts';
import { productColumns } from '../ho/master.ts';
import { isoUs } from '../db/sql.ts';
import { errorResponses, okJson, outletRoute, type CloudApp } from './http.ts';
import { stampPull } from './outlets.ts';

const route = createRoute({
	...outletRoute,
	method: 'get',
	path: '/api/v1/outlets/{outlet_id}/updates',
	summary:
		'Products, categories (with tombstones in `deleted`) and config changed after `since`, oldest change first; pass sync_checkpoint back as since',
	request: { params: OutletParams, query: UpdatesQuery },
	responses: { 200: okJson(UpdatesResponse, 'One page of changes'), ...errorResponses(400, 401, 403, 429) }
});

const EPOCH = '1970-01-01T00:00:00.000000Z';

type Change = { kind: string; id: string; checkpoint: string };

/** One page of changes: their order (by change stamp) and how a row is told created from updated. */
interface PageCtx {
	db: Queryable;
	since: string | undefined;
	ids: (kind: string) => string[];
	order: Map<string, number>;
	/** Tombstones of every kind, sorted together by change stamp at the end. */
	deletedRows: { row: DeletedEntity; at: number }[];
}

/** The next `limit + 1` changes after `since` across products, categories and the outlet's config. */
async function readChanges(
	db: Queryable,
	outlet: { id: string; companyId: string },
	since: string | undefined,
	limit: number
): Promise<Change[]> {
	// Stamps come from one clock for every table (migrations.ts), so one order spans all three.
	const { rows } = await db.query<Change>(
		`select kind, id, ${isoUs('changed_at')} as checkpoint from (
		   select 'product' as kind, id::text as id, changed_at from products
		    where company_id = $1 and ($2::timestamptz is null or changed_at > $2::timestamptz)
		   union all
		   select 'category', id::text, changed_at from categories
		    where company_id = $1 and ($2::timestamptz is null or changed_at > $2::timestamptz)
		   union all
		   select 'config', id::text, changed_at from stores
		    where id = $3 and ($2::timestamptz is null or changed_at > $2::timestamptz)
		 ) c order by changed_at limit $4`,
		[outlet.companyId, since ?? null, outlet.id, limit + 1]
	);
	return rows;
}

const byStamp = (pg: PageCtx) => (a: Row, b: Row) =>
	(pg.order.get(String(a.id)) ?? 0) - (pg.order.get(String(b.id)) ?? 0);
const actionOf = (pg: PageCtx, r: Row) =>
	pg.since === undefined || Date.parse(String(r.created_at)) > Date.parse(pg.since) ? 'create' : 'update';

/** The rows in change order; tombstones go to the page's `deleted` list instead. */
function liveRows(
	pg: PageCtx,
	rows: Row[],
	kind: DeletedEntity['entity_type'],
	deletedAt: (r: Row) => string
): Row[] {
	const live: Row[] = [];
	for (const r of rows.sort(byStamp(pg))) {
		const id = String(r.id);
		if (r.is_deleted)
			pg.deletedRows.push({
				row: { entity_type: kind, local_id: id, cloud_id: id, deleted_at: deletedAt(r) },
				at: pg.order.get(id) ?? 0
			});
		else live.push(r);
	}
	return live;
}

async function readProducts(pg: PageCtx): Promise<UpdatedProduct[]> {
	const products: UpdatedProduct[] = [];
	if (!pg.ids('product').length) return products;
	const { rows } = await pg.db.query(
		`select ${productColumns('', 'coalesce(deleted_at, updated_at)')} from products where id = any($1::uuid[])`,
		[pg.ids('product')]
	);
	for (const r of liveRows(pg, rows, 'product', (d) => String(d.deleted_at))) {
		const id = String(r.id);
		products.push({
			cloud_id: id,
			local_id: id,
			company_id: String(r.company_id),
			brand_id: (r.brand_id as string | null) ?? null,
			category_id: String(r.category_id),
			sku: String(r.sku),
			name: String(r.name),
			description: String(r.description),
			price: Number(r.price),
			stock: r.stock === null ? null : Number(r.stock),
			destination: r.destination === 'bar' ? 'bar' : 'kitchen',
			is_available: Boolean(r.is_available),
			modifier_group_ids: (r.modifier_group_ids as string[] | null) ?? [],
			version: Number(r.version),
			updated_at: String(r.updated_at),
			action: actionOf(pg, r)
		});
	}
	return products;
}

async function readCategories(pg: PageCtx): Promise<UpdatedCategory[]> {
	const categories: UpdatedCategory[] = [];
	if (!pg.ids('category').length) return categories;
	const { rows } = await pg.db.query(
		`select id::text as id, company_id::text as company_id, brand_id::text as brand_id, name, sort_order, version, is_deleted,
		        ${isoUs('created_at')} as created_at, ${isoUs('updated_at')} as updated_at
		   from categories where id = any($1::uuid[])`,
		[pg.ids('category')]
	);
	for (const r of liveRows(pg, rows, 'category', (d) => String(d.updated_at))) {
		const id = String(r.id);
		categories.push({
			cloud_id: id,
			local_id: id,
			company_id: String(r.company_id),
			brand_id: (r.brand_id as string | null) ?? null,
			name: String(r.name),
			sort_order: Number(r.sort_order),
			version: Number(r.version),
			updated_at: String(r.updated_at),
			action: actionOf(pg, r)
		});
	}
	return categories;
}

export function registerUpdates(app: CloudApp, deps: Deps): void {
	app.openapi(route, async (c) => {
		const { since, limit } = c.req.valid('query');
		const outlet = c.get('outlet');
		const db = deps.db;
		const changes = await readChanges(db, outlet, since, limit);
		const hasMore = changes.length > limit;
		const page = changes.slice(0, limit);
		const pg: PageCtx = {
			db,
			since,
			ids: (kind) => page.filter((r) => r.kind === kind).map((r) => r.id),
			order: new Map(page.map((r, i) => [r.id, i])),
			deletedRows: []
		};
		const products = await readProducts(pg);
		const categories = await readCategories(pg);
		const deleted = pg.deletedRows.sort((a, b) => a.at - b.at).map((d) => d.row);
		let config: Record<string, unknown> | undefined;
		if (pg.ids('config').length) {
			const { rows } = await db.query<{ config: Record<string, unknown> }>(
				'select config from stores where id = $1',
				[outlet.id]
			);
			config = rows[0]?.config;
		}
		await stampPull(db, outlet.id);
		const last = page[page.length - 1];
		return c.json(
			{
				success: true as const,
				data: {
					products,
					categories,
					deleted,
					...(config ? { config } : {}),
					sync_checkpoint: last?.checkpoint ?? since ?? EPOCH,
					has_more: hasMore
				}
			},
			200
		);
	});
}
