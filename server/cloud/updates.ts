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
import type { Row } from '../db/types.ts';
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

export function registerUpdates(app: CloudApp, deps: Deps): void {
	app.openapi(route, async (c) => {
		const { since, limit } = c.req.valid('query');
		const outlet = c.get('outlet');
		const db = deps.db;
		// Stamps come from one clock for every table (migrations.ts), so one order spans all three.
		const { rows: changes } = await db.query<{ kind: string; id: string; checkpoint: string }>(
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
		const hasMore = changes.length > limit;
		const page = changes.slice(0, limit);
		const ids = (kind: string) => page.filter((r) => r.kind === kind).map((r) => r.id);
		const order = new Map(page.map((r, i) => [r.id, i]));
		const byStamp = (a: Row, b: Row) => (order.get(String(a.id)) ?? 0) - (order.get(String(b.id)) ?? 0);
		const created = (r: Row) =>
			since === undefined || Date.parse(String(r.created_at)) > Date.parse(since) ? 'create' : 'update';

		const products: UpdatedProduct[] = [];
		const categories: UpdatedCategory[] = [];
		const deleted: DeletedEntity[] = [];
		const deletedRows: { row: DeletedEntity; at: number }[] = [];
		if (ids('product').length) {
			const { rows } = await db.query(
				`select id::text as id, company_id::text as company_id, brand_id::text as brand_id, category_id::text as category_id,
				        sku, name, description, price::float8 as price, stock, destination, is_available,
				        modifier_group_ids::text[] as modifier_group_ids, version, is_deleted,
				        ${isoUs('coalesce(deleted_at, updated_at)')} as deleted_at, ${isoUs('created_at')} as created_at,
				        ${isoUs('updated_at')} as updated_at
				   from products where id = any($1::uuid[])`,
				[ids('product')]
			);
			for (const r of rows.sort(byStamp)) {
				const id = String(r.id);
				if (r.is_deleted) {
					deletedRows.push({
						row: { entity_type: 'product', local_id: id, cloud_id: id, deleted_at: String(r.deleted_at) },
						at: order.get(id) ?? 0
					});
					continue;
				}
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
					action: created(r)
				});
			}
		}
		if (ids('category').length) {
			const { rows } = await db.query(
				`select id::text as id, company_id::text as company_id, brand_id::text as brand_id, name, sort_order, version, is_deleted,
				        ${isoUs('created_at')} as created_at, ${isoUs('updated_at')} as updated_at
				   from categories where id = any($1::uuid[])`,
				[ids('category')]
			);
			for (const r of rows.sort(byStamp)) {
				const id = String(r.id);
				if (r.is_deleted) {
					deletedRows.push({
						row: { entity_type: 'category', local_id: id, cloud_id: id, deleted_at: String(r.updated_at) },
						at: order.get(id) ?? 0
					});
					continue;
				}
				categories.push({
					cloud_id: id,
					local_id: id,
					company_id: String(r.company_id),
					brand_id: (r.brand_id as string | null) ?? null,
					name: String(r.name),
					sort_order: Number(r.sort_order),
					version: Number(r.version),
					updated_at: String(r.updated_at),
					action: created(r)
				});
			}
		}
		deleted.push(...deletedRows.sort((a, b) => a.at - b.at).map((d) => d.row));
		let config: Record<string, unknown> | undefined;
		if (ids('config').length) {
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
