// Product photo sync (seed 002): list with since/limit/offset, binary download, status report batch.
import { createRoute, z } from '@hono/zod-openapi';
import {
	HoErrorBody,
	MessageResponse,
	PhotoListQuery,
	PhotoListResponse,
	PhotoStatusRequest,
	StatusDryRunQuery,
	StatusDryRunResponse,
	StoreIdQuery
} from '../../src/lib/contract/ho.ts';
import { isUuid } from '../../src/lib/contract/ho.ts';
import type { Deps } from '../deps.ts';
import type { Queryable } from '../db/types.ts';
import { isoUs } from '../db/sql.ts';
import { HttpError } from '../http/envelope.ts';
import { assertStore } from './company.ts';
import { errorResponses, withTwin, type HoApp } from './http.ts';
import { takeCorruption } from './test-hooks.ts';

const list = createRoute({
	method: 'get',
	path: '/api/v1/sync/product-photos/',
	tags: ['HO product photos'],
	summary: 'List product photos of a store (incremental with since; deleted photos come as is_deleted rows)',
	description:
		'Ordered by change. Without `since` only live photos; with `since` every photo changed after it, deleted ones with `is_deleted: true`. `updated_at` is the change stamp: the largest seen is a safe next `since`.',
	security: [{ bearer: [] }],
	request: { query: PhotoListQuery },
	responses: {
		200: { description: 'A page of photos', content: { 'application/json': { schema: PhotoListResponse } } },
		...errorResponses(HoErrorBody, 400, 401, 403, 404)
	}
});

const download = createRoute({
	method: 'get',
	path: '/api/v1/sync/product-photos/{photo_id}/download/',
	tags: ['HO product photos'],
	summary: 'Download the image bytes, with X-Checksum (MD5 hex) and X-Version',
	security: [{ bearer: [] }],
	request: { params: z.object({ photo_id: z.string() }), query: StoreIdQuery },
	responses: {
		200: {
			description: 'The image',
			headers: z.object({
				'X-Checksum': z.string().meta({ description: 'MD5 hex of the bytes' }),
				'X-Version': z.string(),
				'Content-Disposition': z.string()
			}),
			content: { 'image/png': { schema: z.string().meta({ format: 'binary' }) } }
		},
		...errorResponses(HoErrorBody, 400, 401, 403, 404)
	}
});

const status = createRoute({
	method: 'post',
	path: '/api/v1/sync/product-photos/status/',
	tags: ['HO product photos'],
	summary: 'Report which photos an outlet synced or failed',
	description:
		'Extension: with `?dry_run=true` the report is validated and the answer says how many rows it would insert or update; nothing is stored.',
	security: [{ bearer: [] }],
	request: {
		query: StatusDryRunQuery,
		body: { required: true, content: { 'application/json': { schema: PhotoStatusRequest } } }
	},
	responses: {
		200: {
			description: 'Stored (or, with dry_run=true, what would be stored)',
			content: { 'application/json': { schema: z.union([MessageResponse, StatusDryRunResponse]) } }
		},
		...errorResponses(HoErrorBody, 400, 401, 403, 404)
	}
});

/** Photo columns in wire form (without image_url, which needs the request's origin). */
export const photoColumns = `ph.id::text as id, ph.product_id::text as product_id, p.sku as product_sku, p.name as product_name,
	ph.object_key, ph.filename, ph.size, ph.content_type, ph.checksum, ph.version, ph.is_primary, ph.sort_order,
	${isoUs('ph.changed_at')} as updated_at, (ph.is_deleted or p.is_deleted) as is_deleted`;

export const downloadUrl = (origin: string, photoId: string, storeId: string) =>
	`${origin}/api/v1/sync/product-photos/${photoId}/download/?store_id=${storeId}`;

export async function readPhoto(q: Queryable, photoId: string, companyId: string) {
	const { rows } = await q.query(
		`select ${photoColumns} from product_photos ph join products p on p.id = ph.product_id where ph.id = $1 and p.company_id = $2`,
		[photoId, companyId]
	);
	return rows[0];
}

export function registerPhotos(app: HoApp, deps: Deps): void {
	const db = deps.db;

	for (const r of withTwin(list)) {
		app.openapi(r, async (c) => {
			const { store_id, since, limit, offset } = c.req.valid('query');
			const { companyId } = await assertStore(db, store_id, c.get('claims').company_id);
			const where = `p.company_id = $1 and (case when $2::timestamptz is null then not ph.is_deleted and not p.is_deleted
			                                           else ph.changed_at > $2::timestamptz end)`;
			const [{ rows: counted }, { rows }] = [
				await db.query<{ n: number }>(
					`select count(*)::int as n from product_photos ph join products p on p.id = ph.product_id where ${where}`,
					[companyId, since ?? null]
				),
				await db.query(
					`select ${photoColumns} from product_photos ph join products p on p.id = ph.product_id
					  where ${where} order by ph.changed_at, ph.id limit $3 offset $4`,
					[companyId, since ?? null, limit, offset]
				)
			];
			const total = counted[0]?.n ?? 0;
			const origin = new URL(c.req.url).origin;
			const photos = rows.map((p) => ({ ...p, image_url: downloadUrl(origin, String(p.id), store_id) }));
			const has_more = offset + rows.length < total;
			return c.json(
				{
					status: 'success' as const,
					data: {
						photos: photos as z.infer<typeof PhotoListResponse>['data']['photos'],
						total,
						has_more,
						next_offset: has_more ? offset + rows.length : null
					}
				},
				200
			);
		});
	}

	for (const r of withTwin(download)) {
		app.openapi(r, async (c) => {
			const { store_id } = c.req.valid('query');
			const { companyId } = await assertStore(db, store_id, c.get('claims').company_id);
			const photoId = c.req.valid('param').photo_id;
			if (!isUuid(photoId)) throw new HttpError(404, 'not_found', 'Photo not found');
			const { rows } = await db.query<{
				bytes: Uint8Array;
				filename: string;
				content_type: string;
				checksum: string;
				version: number;
			}>(
				`select ph.bytes, ph.filename, ph.content_type, ph.checksum, ph.version
				   from product_photos ph join products p on p.id = ph.product_id
				  where ph.id = $1 and p.company_id = $2 and not ph.is_deleted and not p.is_deleted`,
				[photoId, companyId]
			);
			const photo = rows[0];
			if (!photo) throw new HttpError(404, 'not_found', 'Photo not found');
			let bytes = new Uint8Array(photo.bytes);
			if (takeCorruption(photoId)) {
				// Test hook: altered bytes under the true checksum, as a broken proxy or disk would send.
				bytes = bytes.slice();
				for (
					let i = Math.floor(bytes.length / 2);
					i < Math.min(bytes.length, Math.floor(bytes.length / 2) + 16);
					i++
				)
					bytes[i] = (bytes[i] ?? 0) ^ 0xff;
			}
			const filename = photo.filename.replace(/["\\\r\n]/g, '_');
			return c.body(bytes, 200, {
				'Content-Type': photo.content_type,
				'Content-Length': String(bytes.length),
				'Content-Disposition': `attachment; filename="${filename}"`,
				'X-Checksum': photo.checksum,
				'X-Version': String(photo.version),
				'Cache-Control': 'private, no-cache'
			});
		});
	}

	for (const r of withTwin(status)) {
		app.openapi(r, async (c) => {
			const body = c.req.valid('json');
			const { companyId } = await assertStore(db, body.store_id, c.get('claims').company_id);
			// Only photos of the caller's company: another tenant's photo ids are unknown here.
			const ids = [...new Set(body.sync_batch.map((i) => i.photo_id.toLowerCase()))];
			const { rows: known } = await db.query<{ id: string }>(
				`select ph.id::text as id from product_photos ph join products p on p.id = ph.product_id
				  where ph.id = any($1::uuid[]) and p.company_id = $2`,
				[ids, companyId]
			);
			const mine = new Set(known.map((r) => r.id));
			const stranger = body.sync_batch.findIndex((i) => !mine.has(i.photo_id.toLowerCase()));
			if (stranger >= 0)
				throw new HttpError(
					404,
					'not_found',
					`sync_batch.${stranger}.photo_id: no photo ${body.sync_batch[stranger]?.photo_id ?? ''} in this company`
				);
			if (c.req.valid('query').dry_run === 'true') {
				const { rows } = await db.query<{ n: number }>(
					'select count(*)::int as n from photo_sync_status where store_id = $1 and photo_id = any($2::uuid[])',
					[body.store_id, ids]
				);
				const update = rows[0]?.n ?? 0;
				return c.json(
					{
						status: 'success' as const,
						message: `Dry run: would update sync status for ${body.sync_batch.length} photos; nothing stored`,
						dry_run: true as const,
						would_insert: ids.length - update,
						would_update: update
					},
					200
				);
			}
			await db.tx(async (q) => {
				for (const item of body.sync_batch) {
					await q.query(
						`insert into photo_sync_status (store_id, photo_id, status, synced_at, error, reported_at)
						 values ($1, $2, $3, $4, $5, now())
						 on conflict (store_id, photo_id) do update
						   set status = excluded.status, synced_at = excluded.synced_at, error = excluded.error, reported_at = now()`,
						[body.store_id, item.photo_id, item.status, item.synced_at ?? null, item.error ?? null]
					);
				}
			});
			return c.json(
				{ status: 'success' as const, message: `Sync status updated for ${body.sync_batch.length} photos` },
				200
			);
		});
	}
}
