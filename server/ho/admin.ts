// HQ admin actions (change/delete a product, broadcast, outlet config, replace a photo); each reaches
// outlets through the cloud's updates (rows get a new change stamp) and the event stream.
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import {
	BroadcastRequest,
	BroadcastResponse,
	CorruptRequest,
	DeleteResponse,
	HoErrorBody,
	isUuid,
	MessageResponse,
	Photo,
	PhotoResponse,
	Product,
	ProductPatch,
	ProductResponse,
	StoreConfigPatch,
	StoreConfigResponse
} from '../../src/lib/contract/ho.ts';
import type { Deps } from '../deps.ts';
import type { Db, Queryable, Row } from '../db/types.ts';
import { companyOutlets, publishEvent, publishProductUpdate } from '../events.ts';
import { HttpError } from '../http/envelope.ts';
import { md5, slug } from '../seed/insert.ts';
import { productPicture } from '../seed/png.ts';
import { checkImage } from './image-check.ts';
import { errorResponses, type HoApp } from './http.ts';
import { productColumns } from './master.ts';
import { downloadUrl, readPhoto } from './photos.ts';
import { corruptNextDownloads, testHooksEnabled } from './test-hooks.ts';

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const idParam = z.object({ id: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({
	required: true,
	content: { 'application/json': { schema } }
});
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
	description,
	content: { 'application/json': { schema } }
});
const errors = errorResponses(HoErrorBody, 400, 401, 404);
const admin = { tags: ['HQ admin'], security: [{ bearer: [] }] };

const patchProduct = createRoute({
	...admin,
	method: 'patch',
	path: '/api/v1/admin/products/{id}',
	summary:
		'Change a product (price, stock, availability, name…); bumps its version, publishes entity.updated',
	request: { params: idParam, body: json(ProductPatch) },
	responses: { 200: ok(ProductResponse, 'The product after the change'), ...errors }
});
const deleteProduct = createRoute({
	...admin,
	method: 'delete',
	path: '/api/v1/admin/products/{id}',
	summary: 'Soft-delete a product (a tombstone in sync), publishes entity.deleted',
	request: { params: idParam },
	responses: { 200: ok(DeleteResponse, 'Deleted'), ...errors }
});
const broadcast = createRoute({
	...admin,
	method: 'post',
	path: '/api/v1/admin/broadcasts',
	summary: "Send a message to every outlet of the token's company (broadcast.message)",
	request: { body: json(BroadcastRequest) },
	responses: { 200: ok(BroadcastResponse, 'Sent'), ...errorResponses(HoErrorBody, 400, 401) }
});
const storeConfig = createRoute({
	...admin,
	method: 'patch',
	path: '/api/v1/admin/stores/{id}/config',
	summary: "Merge settings into an outlet's config, publishes config.updated to it",
	request: { params: idParam, body: json(StoreConfigPatch) },
	responses: { 200: ok(StoreConfigResponse, 'The merged config'), ...errors }
});
const putPhoto = createRoute({
	...admin,
	method: 'put',
	path: '/api/v1/admin/products/{id}/photo',
	summary: "Replace a product's primary photo (PNG/JPEG/WebP body; an empty body generates a new picture)",
	request: {
		params: idParam,
		body: { required: false, content: { 'image/png': { schema: z.string().meta({ format: 'binary' }) } } }
	},
	responses: {
		200: ok(PhotoResponse, 'The new photo (version + 1, new checksum)'),
		...errorResponses(HoErrorBody, 400, 401, 404, 413)
	}
});
const corrupt = createRoute({
	...admin,
	method: 'post',
	path: '/api/v1/admin/photos/{id}/corrupt',
	summary: 'Test hook (KASIR_TEST_HOOKS=1): the next N downloads of this photo send altered bytes',
	hide: true,
	request: {
		params: idParam,
		body: { required: false, content: { 'application/json': { schema: CorruptRequest } } }
	},
	responses: { 200: ok(MessageResponse, 'Armed'), ...errors }
});

async function productOf(q: Queryable, id: string, companyId: string, lock = false): Promise<Row> {
	if (!isUuid(id)) throw new HttpError(404, 'not_found', 'Product not found');
	const { rows } = await q.query(
		`select ${productColumns('')} from products where id = $1 and company_id = $2 and not is_deleted${lock ? ' for update' : ''}`,
		[id, companyId]
	);
	if (!rows[0]) throw new HttpError(404, 'not_found', 'Product not found');
	return rows[0];
}

const PATCHABLE = [
	'name',
	'description',
	'price',
	'stock',
	'is_available',
	'category_id',
	'destination'
] as const;

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export function registerAdmin(app: HoApp, deps: Deps): void {
	patchProductRoute(app, deps.db);
	deleteProductRoute(app, deps.db);
	broadcastRoute(app, deps.db);
	storeConfigRoute(app, deps.db);
	putPhotoRoute(app, deps.db);
	corruptRoute(app, deps.db);
}

/** PATCH a product: one transaction changes it, bumps its version and tells every outlet. */
function patchProductRoute(app: HoApp, db: Db): void {
	app.openapi(patchProduct, async (c) => {
		const { id } = c.req.valid('param');
		const patch = c.req.valid('json');
		const companyId = c.get('claims').company_id;
		const fields = PATCHABLE.filter((k) => patch[k] !== undefined);
		if (!fields.length)
			throw new HttpError(
				400,
				'bad_request',
				`Nothing to change: send at least one of ${PATCHABLE.join(', ')}`
			);
		const product = await db.tx(async (q) => {
			await productOf(q, id, companyId, true);
			if (patch.category_id) {
				const { rows } = await q.query(
					'select 1 from categories where id = $1 and company_id = $2 and not is_deleted',
					[patch.category_id, companyId]
				);
				if (!rows.length)
					throw new HttpError(400, 'bad_request', 'category_id is not a category of this company');
			}
			const sets = fields.map((k, i) => `${k} = $${i + 2}`);
			await q.query(
				`update products set ${sets.join(', ')}, version = version + 1, updated_at = now() where id = $1`,
				[id, ...fields.map((k) => patch[k])]
			);
			const row = await productOf(q, id, companyId);
			await publishProductUpdate(q, row, await companyOutlets(q, companyId), 'central-system', patch.reason);
			return row;
		});
		return c.json({ status: 'success' as const, data: { product: product as z.infer<typeof Product> } }, 200);
	});
}

/** DELETE a product: a tombstone and an `entity.deleted` event per outlet. */
function deleteProductRoute(app: HoApp, db: Db): void {
	app.openapi(deleteProduct, async (c) => {
		const { id } = c.req.valid('param');
		const companyId = c.get('claims').company_id;
		const deletedAt = await db.tx(async (q) => {
			await productOf(q, id, companyId, true);
			const { rows } = await q.query<{ deleted_at: string }>(
				`update products set is_deleted = true, deleted_at = now(), version = version + 1, updated_at = now()
				  where id = $1 returning to_char(deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as deleted_at`,
				[id]
			);
			const deleted_at = rows[0]?.deleted_at ?? new Date().toISOString();
			const timestamp = new Date().toISOString();
			for (const outletId of await companyOutlets(q, companyId)) {
				await publishEvent(q, {
					outletId,
					event: 'entity.deleted',
					payload: {
						event: 'entity.deleted',
						timestamp,
						entity_type: 'product',
						cloud_id: id,
						local_id: id,
						deleted_at
					}
				});
			}
			return deleted_at;
		});
		return c.json({ status: 'success' as const, data: { id, deleted_at: deletedAt } }, 200);
	});
}

/** A message to every outlet of the company (one event each). */
function broadcastRoute(app: HoApp, db: Db): void {
	app.openapi(broadcast, async (c) => {
		const body = c.req.valid('json');
		const companyId = c.get('claims').company_id;
		const messageId = randomUUID();
		const timestamp = new Date().toISOString();
		// One event per outlet of this company (not outlet_id null): another company's outlets must not see it.
		const outlets = await db.tx(async (q) => {
			const ids = await companyOutlets(q, companyId);
			for (const outletId of ids) {
				await publishEvent(q, {
					outletId,
					event: 'broadcast.message',
					payload: {
						event: 'broadcast.message',
						timestamp,
						message_id: messageId,
						title: body.title,
						message: body.message,
						level: body.level
					}
				});
			}
			return ids.length;
		});
		return c.json({ status: 'success' as const, data: { message_id: messageId, outlets, timestamp } }, 200);
	});
}

/** Merges a store config change and tells that outlet. */
function storeConfigRoute(app: HoApp, db: Db): void {
	app.openapi(storeConfig, async (c) => {
		const { id } = c.req.valid('param');
		const patch = c.req.valid('json');
		const companyId = c.get('claims').company_id;
		if (!isUuid(id)) throw new HttpError(404, 'not_found', 'Store not found');
		const config = await db.tx(async (q) => {
			const { rows } = await q.query<{ config: Record<string, unknown> }>(
				'select config from stores where id = $1 and company_id = $2 and not is_deleted for update',
				[id, companyId]
			);
			const current = rows[0]?.config;
			if (!current) throw new HttpError(404, 'not_found', 'Store not found');
			const intervals = {
				...(current.sync_intervals as Record<string, number> | undefined),
				...patch.sync_intervals
			};
			const merged = { ...current, ...patch, sync_intervals: intervals };
			await q.query('update stores set config = $2, updated_at = now() where id = $1', [
				id,
				JSON.stringify(merged)
			]);
			await publishEvent(q, {
				outletId: id,
				event: 'config.updated',
				payload: {
					event: 'config.updated',
					timestamp: new Date().toISOString(),
					outlet_id: id,
					config: merged
				}
			});
			return merged;
		});
		return c.json({ status: 'success' as const, data: { store_id: id, config } }, 200);
	});
}

/** Replaces (or adds) a product's primary photo; with no body, a generated picture. */
function putPhotoRoute(app: HoApp, db: Db): void {
	app.openapi(putPhoto, async (c) => {
		const { id } = c.req.valid('param');
		const companyId = c.get('claims').company_id;
		const declared = Number(c.req.header('content-length') ?? 0);
		if (declared > MAX_PHOTO_BYTES)
			throw new HttpError(413, 'too_large', `Photo too large: at most ${MAX_PHOTO_BYTES} bytes`);
		const body = new Uint8Array(await c.req.arrayBuffer());
		if (body.length > MAX_PHOTO_BYTES)
			throw new HttpError(413, 'too_large', `Photo too large: at most ${MAX_PHOTO_BYTES} bytes`);
		const photo = await db.tx(async (q) => {
			const product = await productOf(q, id, companyId, true);
			const { rows } = await q.query<{ id: string; version: number }>(
				'select id::text as id, version from product_photos where product_id = $1 and is_primary and not is_deleted order by sort_order limit 1 for update',
				[id]
			);
			const existing = rows[0];
			const nextVersion = (existing?.version ?? 0) + 1;
			const bytes = body.length ? Buffer.from(body) : productPicture(String(product.name), nextVersion);
			const image = checkImage(bytes);
			if (!image.ok) throw new HttpError(400, 'bad_request', image.reason);
			const type = image.type;
			const ext = EXT[type] ?? 'bin';
			const values = [
				`products/${id}/primary.${ext}`,
				`${slug(String(product.name))}-v${nextVersion}.${ext}`,
				bytes.length,
				type,
				md5(bytes),
				bytes
			];
			let photoId = existing?.id;
			if (photoId) {
				await q.query(
					`update product_photos set object_key = $2, filename = $3, size = $4, content_type = $5, checksum = $6, bytes = $7,
					        version = version + 1, updated_at = now() where id = $1`,
					[photoId, ...values]
				);
			} else {
				photoId = randomUUID();
				await q.query(
					`insert into product_photos (id, product_id, object_key, filename, size, content_type, checksum, bytes, version)
					 values ($1, $8, $2, $3, $4, $5, $6, $7, 1)`,
					[photoId, ...values, id]
				);
			}
			return readPhoto(q, photoId, companyId);
		});
		const { rows: stores } = await db.query<{ id: string }>(
			'select id::text as id from stores where company_id = $1 and not is_deleted order by code limit 1',
			[companyId]
		);
		const origin = new URL(c.req.url).origin;
		const url = downloadUrl(origin, String(photo?.id), stores[0]?.id ?? '');
		return c.json(
			{ status: 'success' as const, data: { photo: { ...photo, image_url: url } as z.infer<typeof Photo> } },
			200
		);
	});
}

/** Test hook: the next downloads of a photo send altered bytes. */
function corruptRoute(app: HoApp, db: Db): void {
	app.openapi(corrupt, async (c) => {
		if (!testHooksEnabled()) throw new HttpError(404, 'not_found', 'No route for POST ' + c.req.path);
		const { id } = c.req.valid('param');
		const { count } = CorruptRequest.parse(c.req.valid('json'));
		if (!isUuid(id) || !(await readPhoto(db, id, c.get('claims').company_id)))
			throw new HttpError(404, 'not_found', 'Photo not found');
		corruptNextDownloads(id, count);
		return c.json(
			{ status: 'success' as const, message: `The next ${count} download(s) of ${id} send altered bytes` },
			200
		);
	});
}
