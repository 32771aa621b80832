// The edge's master-data mirror: pulls its company's companies, brands, stores, categories, products,
// modifiers and the outlet's product photos from the upstream HO with its own checkpoints and writes
// them into the SAME local tables under the same ids. The local trigger gives each written row a local
// change stamp, so the edge's own /api/sync/* serve tablets with working `since` checkpoints. An
// upstream outage leaves the last mirror as it is; the part's status says what failed.
import { createHash } from 'node:crypto';
import {
	MASTER_ENTITIES,
	MASTER_PAGES,
	PhotoListResponse,
	type MasterEntity,
	type Photo
} from '../../src/lib/contract/ho.ts';
import { hashApiKey } from '../auth.ts';
import type { Queryable } from '../db/types.ts';
import { log } from '../log.ts';
import { hoSession, type HoSession } from './ho-session.ts';
import { mirrorCheckpointKey, OUTLET_KEY, readState, writeState } from './state.ts';
import type { EdgeContext, EdgeOutlet, EdgePart } from './types.ts';

/** Rows per upstream page (the HO's largest). */
export const MIRROR_PAGE_LIMIT = 1000;
const PHOTO_PAGE_LIMIT = 200;
/** Photo downloads in flight at once. */
const PHOTO_CONCURRENCY = 6;

/**
 * The columns the mirror writes per table: the wire's fields, and the outlet's `api_key_hash` (the
 * edge's own: set on the outlet's row in the same write, so it never restamps the row on its own).
 */
const COLUMNS: Record<MasterEntity, readonly string[]> = {
	companies: ['id', 'code', 'name', 'address', 'phone'],
	brands: ['id', 'company_id', 'code', 'name'],
	stores: [
		'id',
		'company_id',
		'brand_id',
		'code',
		'name',
		'address',
		'timezone',
		'config',
		'table_count',
		'api_key_hash'
	],
	categories: ['id', 'company_id', 'brand_id', 'name', 'sort_order', 'version'],
	products: [
		'id',
		'company_id',
		'brand_id',
		'category_id',
		'sku',
		'name',
		'description',
		'price',
		'stock',
		'destination',
		'is_available',
		'modifier_group_ids',
		'version',
		'deleted_at'
	],
	modifiers: ['id', 'company_id', 'name', 'min_select', 'max_select', 'is_required', 'options', 'sort_order']
};

/**
 * Upserts one page by id. A row the edge already holds with the same upstream `updated_at` and
 * tombstone is left alone, so a re-sent page does not restamp it (tablets would pull it again).
 */
async function upsertRows(q: Queryable, table: MasterEntity, rows: readonly object[]): Promise<void> {
	if (!rows.length) return;
	await parkTakenKeys(q, table, rows);
	const cols = [...COLUMNS[table], 'is_deleted', 'created_at', 'updated_at'];
	const list = cols.join(', ');
	const set = cols
		.filter((c) => c !== 'id')
		.map((c) => `${c} = excluded.${c}`)
		.join(', ');
	await q.query(
		`insert into ${table} (${list})
		 select ${list} from jsonb_populate_recordset(null::${table}, $1::jsonb)
		 on conflict (id) do update set ${set}
		  where ${table}.updated_at is distinct from excluded.updated_at
		     or ${table}.is_deleted is distinct from excluded.is_deleted
		     ${table === 'stores' ? 'or stores.api_key_hash is distinct from excluded.api_key_hash' : ''}`,
		[JSON.stringify(rows)]
	);
}

/** The unique keys besides the id, as upstream has them too (migrations.ts). */
const UNIQUE_KEYS: Partial<Record<MasterEntity, { scope: string | null; key: string }>> = {
	companies: { scope: null, key: 'code' },
	brands: { scope: 'company_id', key: 'code' },
	stores: { scope: null, key: 'code' },
	products: { scope: 'company_id', key: 'sku' }
};

/**
 * Upstream may have moved a unique key (a SKU, a code) from one row to another, even swapped two,
 * through steps the mirror never sees. A local row holding a key an incoming row of another id
 * wants is parked under `<key>~<id>` first; its own upstream state arrives in this page or a later one.
 */
async function parkTakenKeys(q: Queryable, table: MasterEntity, rows: readonly object[]): Promise<void> {
	const u = UNIQUE_KEYS[table];
	if (!u) return;
	const sameScope = u.scope ? `and r.${u.scope} = t.${u.scope}` : '';
	await q.query(
		`update ${table} t set ${u.key} = t.${u.key} || '~' || t.id::text
		  where exists (select 1 from jsonb_populate_recordset(null::${table}, $1::jsonb) r
		                 where r.${u.key} = t.${u.key} ${sameScope} and r.id <> t.id)`,
		[JSON.stringify(rows)]
	);
}

export interface MirrorStatus extends Record<string, unknown> {
	state: 'starting' | 'pulling' | 'ok' | 'error';
	last_started_at: string | null;
	last_ok_at: string | null;
	last_error: string | null;
	/** Rows written by the last successful pull, per collection (photos included). */
	last_pulled: Record<string, number>;
	/** Rows the edge holds per collection (tombstones included). */
	rows: Record<string, number>;
	/** Photos whose download failed its checksum or transfer in the last pull (retried next pull). */
	photo_failures: number;
	/** Downloads refused since start because the bytes did not match the listed MD5. */
	photos_rejected: number;
}

export interface Mirror extends EdgePart {
	/** Pulls now (or joins the pull already running); rejects with the upstream error. */
	syncNow(): Promise<void>;
}

export interface MirrorOptions {
	/** Called once the outlet is known from upstream (and stored in edge_state). */
	onOutlet(outlet: EdgeOutlet): void;
}

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

export function startMirror(ctx: EdgeContext, opts: MirrorOptions): Mirror {
	const { db, edge } = ctx;
	// Stopping aborts a pull in flight (a first pull of a large catalogue takes minutes).
	const halt = new AbortController();
	const session: HoSession = hoSession(edge, ctx.upstream, halt.signal);
	const keyHash = hashApiKey(edge.apiKey);
	const status: MirrorStatus = {
		state: 'starting',
		last_started_at: null,
		last_ok_at: null,
		last_error: null,
		last_pulled: {},
		rows: {},
		photo_failures: 0,
		photos_rejected: 0
	};
	let running: Promise<void> | null = null;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;

	async function pullEntity(entity: MasterEntity, companyId: string): Promise<number> {
		const key = mirrorCheckpointKey(entity);
		let since = (await readState<string>(db, key)) ?? null;
		let n = 0;
		for (;;) {
			const q = new URLSearchParams({ company_id: companyId, limit: String(MIRROR_PAGE_LIMIT) });
			if (since) q.set('since', since);
			const page = await session.getJson(`/api/sync/${entity}/?${q}`, MASTER_PAGES[entity]);
			const data: { checkpoint: string | null; has_more: boolean } & Partial<
				Record<MasterEntity, readonly object[]>
			> = page.data;
			const pageRows = data[entity] ?? [];
			// Tablets authenticate at the edge with the outlet's key; no other outlet's key works here.
			const rows =
				entity === 'stores'
					? pageRows.map((r) => ({
							...r,
							api_key_hash: 'code' in r && r.code === edge.outletCode ? keyHash : null
						}))
					: pageRows;
			const next = data.checkpoint ?? since;
			// The page and its checkpoint commit together: a kill between pages resumes exactly here.
			await db.tx(async (t) => {
				await upsertRows(t, entity, rows);
				if (next && next !== since) await writeState(t, key, next);
			});
			n += rows.length;
			since = next;
			if (!data.has_more || rows.length === 0) return n;
		}
	}

	/** The outlet by EDGE_OUTLET_CODE among the mirrored stores; its row gets the outlet's key hash. */
	async function findOutlet(companyId: string): Promise<EdgeOutlet> {
		const { rows } = await db.query<{ id: string; code: string; company_id: string }>(
			'select id::text as id, code, company_id::text as company_id from stores where code = $1 and company_id = $2 and not is_deleted',
			[edge.outletCode, companyId]
		);
		const row = rows[0];
		if (!row)
			throw new Error(
				`Outlet ${edge.outletCode} is not a store of the company ${edge.hoUsername} belongs to upstream`
			);
		const outlet: EdgeOutlet = { id: row.id, code: row.code, companyId: row.company_id };
		await db.tx(async (t) => {
			// Only when EDGE_API_KEY changed since the row was mirrored (the pull sets it otherwise).
			await t.query(
				'update stores set api_key_hash = $1 where id = $2 and api_key_hash is distinct from $1',
				[keyHash, outlet.id]
			);
			await writeState(t, OUTLET_KEY, outlet);
		});
		return outlet;
	}

	/** The outlet's photos since the photo checkpoint; bytes only when the checksum changed, and verified. */
	async function pullPhotos(outlet: EdgeOutlet): Promise<{ written: number; failed: number }> {
		const key = mirrorCheckpointKey('product_photos');
		const since = (await readState<string>(db, key)) ?? null;
		let newest = since;
		let written = 0;
		let failed = 0;
		for (let offset = 0; ;) {
			const q = new URLSearchParams({
				store_id: outlet.id,
				limit: String(PHOTO_PAGE_LIMIT),
				offset: String(offset)
			});
			if (since) q.set('since', since);
			const page = (await session.getJson(`/api/v1/sync/product-photos/?${q}`, PhotoListResponse)).data;
			for (const p of page.photos) if (!newest || p.updated_at > newest) newest = p.updated_at;
			// A few downloads at once: an outlet's link to the cloud is latency-bound, not bandwidth-bound.
			const queue = [...page.photos];
			const worker = async () => {
				for (let p = queue.shift(); p; p = queue.shift()) {
					try {
						const outcome = await applyPhoto(p, outlet.id);
						if (outcome === 'written') written++;
						else if (outcome === 'failed') failed++;
					} catch (e) {
						queue.length = 0; // upstream gone: the other workers stop after their current photo
						throw e;
					}
				}
			};
			// allSettled first, so no worker is still writing when the pull reports its failure.
			const settled = await Promise.allSettled(Array.from({ length: PHOTO_CONCURRENCY }, worker));
			const broken = settled.find((r) => r.status === 'rejected');
			if (broken) throw broken.reason;
			if (!page.has_more || page.next_offset === null) break;
			offset = page.next_offset;
		}
		// A failed photo keeps the checkpoint where it was: the next pull lists it again (and skips the
		// ones already held by checksum).
		if (!failed && newest && newest !== since) await writeState(db, key, newest);
		return { written, failed };
	}

	/** Brings one listed photo into the local table: metadata only when the bytes are the same. */
	async function applyPhoto(p: Photo, storeId: string): Promise<'written' | 'same' | 'failed'> {
		const { rows } = await db.query<{ checksum: string; is_deleted: boolean }>(
			'select checksum, is_deleted from product_photos where id = $1',
			[p.id]
		);
		const local = rows[0];
		if (p.is_deleted) {
			if (!local || local.is_deleted) return 'same';
			await db.query('update product_photos set is_deleted = true where id = $1', [p.id]);
			return 'written';
		}
		const meta = [
			p.id,
			p.product_id,
			p.object_key,
			p.filename,
			p.size,
			p.content_type,
			p.checksum,
			p.version,
			p.is_primary,
			p.sort_order
		];
		if (local && local.checksum === p.checksum) {
			const { rows: changed } = await db.query(
				`update product_photos set product_id = $2, object_key = $3, filename = $4, size = $5, content_type = $6,
				        checksum = $7, version = $8, is_primary = $9, sort_order = $10, is_deleted = false
				  where id = $1 and (is_deleted or version is distinct from $8 or is_primary is distinct from $9
				        or sort_order is distinct from $10 or filename is distinct from $4)
				 returning id`,
				meta
			);
			return changed.length ? 'written' : 'same';
		}
		const bytes = await download(p.id, storeId, p.checksum);
		if (!bytes) return 'failed';
		// A photo of a product not mirrored yet (created upstream after this pull read products) waits
		// for the next pull: it counts as failed so the checkpoint stays before it.
		const { rows: stored } = await db.query(
			`insert into product_photos (id, product_id, object_key, filename, size, content_type, checksum, version, is_primary, sort_order, bytes, is_deleted)
			 select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false where exists (select 1 from products where id = $2)
			 on conflict (id) do update set product_id = excluded.product_id, object_key = excluded.object_key,
			   filename = excluded.filename, size = excluded.size, content_type = excluded.content_type,
			   checksum = excluded.checksum, version = excluded.version, is_primary = excluded.is_primary,
			   sort_order = excluded.sort_order, bytes = excluded.bytes, is_deleted = false
			 returning id`,
			[...meta, bytes]
		);
		return stored.length ? 'written' : 'failed';
	}

	/** Downloads one photo, twice at most; null when the bytes never match the listed checksum. */
	async function download(photoId: string, storeId: string, checksum: string): Promise<Uint8Array | null> {
		for (let attempt = 0; attempt < 2; attempt++) {
			try {
				const got = await session.getBytes(
					`/api/v1/sync/product-photos/${photoId}/download/?store_id=${encodeURIComponent(storeId)}`
				);
				if (md5(got.bytes) === checksum) return got.bytes;
				status.photos_rejected++;
				log('warn', 'edge mirror: photo checksum mismatch', { photo_id: photoId, attempt });
			} catch (e) {
				if (!ctx.upstream.state.reachable || halt.signal.aborted) throw e;
				log('warn', 'edge mirror: photo download failed', { photo_id: photoId, error: String(e) });
			}
		}
		return null;
	}

	async function pullOnce(): Promise<void> {
		status.state = 'pulling';
		status.last_started_at = new Date().toISOString();
		try {
			const companyId = await session.companyId();
			const pulled: Record<string, number> = {};
			let outlet: EdgeOutlet | null = null;
			for (const entity of MASTER_ENTITIES) {
				pulled[entity] = await pullEntity(entity, companyId);
				if (entity === 'stores') {
					outlet = await findOutlet(companyId);
					opts.onOutlet(outlet);
				}
			}
			if (!outlet) throw new Error('stores were not pulled');
			const photos = await pullPhotos(outlet);
			pulled.product_photos = photos.written;
			status.photo_failures = photos.failed;
			status.last_pulled = pulled;
			status.last_ok_at = new Date().toISOString();
			status.last_error = null;
			status.state = 'ok';
			if (Object.values(pulled).some((n) => n > 0)) log('info', 'edge mirror pulled', { pulled });
		} catch (e) {
			status.state = 'error';
			status.last_error = e instanceof Error ? e.message : String(e);
			if (!stopped) log('warn', 'edge mirror pull failed', { error: status.last_error });
			throw e;
		}
	}

	function schedule() {
		if (stopped) return;
		timer = setTimeout(() => {
			timer = null;
			void syncNow()
				.catch(() => undefined)
				.finally(schedule);
		}, edge.pullIntervalMs);
		timer.unref();
	}

	function syncNow(): Promise<void> {
		if (stopped) return Promise.resolve();
		running ??= pullOnce().finally(() => {
			running = null;
		});
		return running;
	}

	void syncNow()
		.catch(() => undefined)
		.finally(schedule);

	return {
		name: 'mirror',
		syncNow,
		async status() {
			const rows: Record<string, number> = {};
			for (const table of [...MASTER_ENTITIES, 'product_photos'] as const) {
				const { rows: r } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
				rows[table] = r[0]?.n ?? 0;
			}
			return { ...status, rows };
		},
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			halt.abort();
			await running?.catch(() => undefined);
		}
	};
}
