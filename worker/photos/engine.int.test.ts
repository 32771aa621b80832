// Why: the photo sync against the real reference server: full first sync, paging, the 5-download bound, tampered bytes, a replaced and a deleted photo, resume after an interruption, status reports.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PhotoListResponse, StoresPage, type Photo } from '../../src/lib/contract/ho';
import type { KasirDatabase } from '../../src/lib/db/database';
import { getMeta } from '../../src/lib/db/meta';
import { photoUrl } from '../../src/lib/sw/photos';
import type { Ctx } from '../context';
import { demoLogin } from '../testing';
import { workerHarness } from '../test-harness';
import { MemoryPhotoCache } from './cache';
import { PHOTOS_SINCE_KEY, syncPhotos, type PhotoOutcome } from './engine';
import type { SyncStatusItem } from './ho-photos';
import { md5Hex } from './md5';

const h = workerHarness({ env: { KASIR_TEST_HOOKS: '1' } });

let token = '';
let storeId = '';

/** The real fetch, with a log of what the engine asked for and how many downloads were in flight. */
function watchedFetch() {
	const log = {
		lists: [] as URL[],
		downloads: [] as string[],
		reports: [] as SyncStatusItem[][],
		peak: 0,
		refreshes: 0,
		refused: 0
	};
	let inFlight = 0;
	const f: typeof fetch = async (input, init) => {
		const url = new URL(input instanceof Request ? input.url : String(input));
		const dl = /\/product-photos\/([^/]+)\/download\/$/.exec(url.pathname);
		if (url.pathname === '/api/v1/sync/product-photos/') log.lists.push(url);
		if (url.pathname === '/api/v1/sync/product-photos/status/' && typeof init?.body === 'string')
			log.reports.push((JSON.parse(init.body) as { sync_batch: SyncStatusItem[] }).sync_batch);
		if (url.pathname === '/api/auth/refresh/') log.refreshes++;
		if (!dl) return fetch(input, init);
		log.downloads.push(decodeURIComponent(dl[1] ?? ''));
		inFlight++;
		log.peak = Math.max(log.peak, inFlight);
		try {
			const res = await fetch(input, init);
			const body = await res.arrayBuffer();
			if (res.status === 401) log.refused++;
			return new Response(body, { status: res.status, headers: res.headers });
		} finally {
			inFlight--;
		}
	};
	return { fetch: f, log };
}

async function outlet(): Promise<{
	ctx: Ctx;
	db: KasirDatabase;
	cache: MemoryPhotoCache;
	log: ReturnType<typeof watchedFetch>['log'];
}> {
	const { ctx, db } = await h.open();
	const { companyId } = await demoLogin(ctx, h.url);
	token = (await ctx.settings()).ho_access;
	if (!storeId) {
		const r = await fetch(`${h.url}/api/sync/stores/?company_id=${companyId}&limit=1000`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		storeId = StoresPage.parse(await r.json()).data.stores.find((s) => s.code === 'JKT-001')?.id ?? '';
	}
	await ctx.saveSettings({ store_id: storeId, outlet_id: storeId, outlet_code: 'JKT-001' });
	const w = watchedFetch();
	ctx.fetch = w.fetch;
	return { ctx, db, cache: new MemoryPhotoCache(), log: w.log };
}

async function livePhotos(): Promise<Photo[]> {
	const r = await fetch(`${h.url}/api/v1/sync/product-photos/?store_id=${storeId}&limit=1000`, {
		headers: { Authorization: `Bearer ${token}` }
	});
	return PhotoListResponse.parse(await r.json()).data.photos;
}

async function hq(path: string, method: string, json?: unknown): Promise<number> {
	const r = await fetch(`${h.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
		body: json ? JSON.stringify(json) : undefined
	});
	await r.arrayBuffer();
	return r.status;
}

function expectVerified(cache: MemoryPhotoCache, photos: Photo[]): void {
	for (const p of photos) {
		const hit = cache.entries.get(photoUrl(p.product_id));
		expect(hit, p.product_name).toBeDefined();
		expect(md5Hex(hit?.bytes ?? new ArrayBuffer(0))).toBe(p.checksum);
		expect(hit?.meta).toMatchObject({
			checksum: p.checksum,
			version: p.version,
			contentType: p.content_type
		});
	}
}

describe('photo sync against the reference server', { timeout: 60_000 }, () => {
	it('first sync: pages by offset until has_more is false, caches every photo MD5-verified, at most 5 downloads at once, reports each in batches', async () => {
		const { ctx, db, cache, log } = await outlet();
		const photos = await livePhotos();
		expect(photos.length).toBeGreaterThan(50);
		const summary = await syncPhotos(ctx, { cache, pageLimit: 10, reportBatch: 50 });

		expect(summary).toMatchObject({
			listed: photos.length,
			downloaded: photos.length,
			skipped: 0,
			failed: 0,
			deleted: 0
		});
		// Pages 0, 10, 20, … and no since on a first sync.
		expect(log.lists.map((u) => u.searchParams.get('offset'))).toEqual(
			Array.from({ length: Math.ceil(photos.length / 10) }, (_, i) => String(i * 10))
		);
		for (const u of log.lists) expect(u.searchParams.get('since')).toBeNull();
		expect(
			log.lists.every(
				(u) => u.searchParams.get('limit') === '10' && u.searchParams.get('store_id') === storeId
			)
		).toBe(true);

		expect(cache.entries.size).toBe(photos.length);
		expectVerified(cache, photos);
		expect(new Set(log.downloads).size).toBe(photos.length);
		expect(log.peak).toBeLessThanOrEqual(5);
		expect(log.peak).toBeGreaterThan(1);

		const docs = (await db.photos.find().exec()).map((d) => d.toJSON());
		expect(docs).toHaveLength(photos.length);
		expect(
			docs.every(
				(d) => d.state === 'cached' && d.cached_at !== null && d.cache_url === photoUrl(d.product_id)
			)
		).toBe(true);

		// Every photo reported synced once, in batches of at most 50.
		expect(log.reports.every((b) => b.length <= 50)).toBe(true);
		const reported = log.reports.flat();
		expect(reported.map((r) => r.photo_id).sort()).toEqual(photos.map((p) => p.id).sort());
		expect(
			reported.every((r) => r.status === 'synced' && typeof r.synced_at === 'string' && r.error === null)
		).toBe(true);
		expect(summary.reported).toBe(photos.length);

		// since is the largest change stamp; the next sync lists from it and downloads nothing.
		expect(await getMeta<string>(db, PHOTOS_SINCE_KEY)).toBe(
			photos
				.map((p) => p.updated_at)
				.sort()
				.at(-1)
		);
		log.downloads.length = 0;
		const again = await syncPhotos(ctx, { cache });
		expect(again).toMatchObject({ downloaded: 0, failed: 0 });
		expect(log.downloads).toEqual([]);
		expect(log.lists.at(-1)?.searchParams.get('since')).toBe(summary.nextSince);
	});

	it('a photo replaced at HQ: the incremental sync downloads that photo alone and replaces the cached copy', async () => {
		const { ctx, cache, log } = await outlet();
		await syncPhotos(ctx, { cache });
		const target = (await livePhotos())[5];
		if (!target) throw new Error('no photo');
		expect(await hq(`/api/v1/admin/products/${target.product_id}/photo`, 'PUT')).toBe(200);
		const replaced = (await livePhotos()).find((p) => p.id === target.id);
		expect(replaced?.checksum).not.toBe(target.checksum);

		log.downloads.length = 0;
		log.reports.length = 0;
		const s = await syncPhotos(ctx, { cache });
		expect(s).toMatchObject({ listed: 1, downloaded: 1, failed: 0 });
		expect(log.downloads).toEqual([target.id]);
		expect(log.reports.flat()).toEqual([expect.objectContaining({ photo_id: target.id, status: 'synced' })]);
		if (replaced) expectVerified(cache, [replaced]);
	});

	it('wrong bytes for one photo: reported failed with a checksum error, not cached, fetched and cached on the next sync', async () => {
		const { ctx, db, cache, log } = await outlet();
		const photos = await livePhotos();
		const victim = photos[3];
		if (!victim) throw new Error('no photo');
		expect(await hq(`/api/v1/admin/photos/${victim.id}/corrupt`, 'POST', { count: 1 })).toBe(200);
		const outcomes: PhotoOutcome[] = [];
		const first = await syncPhotos(ctx, { cache, onPhoto: (o) => outcomes.push(o) });
		expect(first).toMatchObject({ downloaded: photos.length - 1, failed: 1 });
		expect(await cache.has(photoUrl(victim.product_id))).toBe(false);
		const doc = (await db.photos.findOne(victim.id).exec())?.toJSON();
		expect(doc?.state).toBe('failed');
		expect(doc?.error).toMatch(
			new RegExp(`^checksum_mismatch: expected ${victim.checksum} got [0-9a-f]{32}$`)
		);
		const failed = log.reports.flat().filter((r) => r.status === 'failed');
		expect(failed).toEqual([{ photo_id: victim.id, status: 'failed', synced_at: null, error: doc?.error }]);
		expect(outcomes.filter((o) => o.kind === 'failed').map((o) => o.photoId)).toEqual([victim.id]);

		// The listing after `since` is empty, yet the failed photo is fetched again and now cached.
		log.downloads.length = 0;
		log.reports.length = 0;
		const second = await syncPhotos(ctx, { cache });
		expect(second).toMatchObject({ listed: 0, downloaded: 1, failed: 0 });
		expect(log.downloads).toEqual([victim.id]);
		expectVerified(cache, [victim]);
		expect((await db.photos.findOne(victim.id).exec())?.state).toBe('cached');
		expect(log.reports.flat()).toEqual([
			expect.objectContaining({ photo_id: victim.id, status: 'synced', error: null })
		]);
	});

	it('resumes after an interruption without downloading a verified photo again', async () => {
		const { ctx, db, cache, log } = await outlet();
		const photos = await livePhotos();
		const stop = new AbortController();
		let verified = 0;
		await expect(
			syncPhotos(ctx, {
				cache,
				signal: stop.signal,
				pageLimit: 20,
				onPhoto: (o) => {
					if (o.kind === 'downloaded' && ++verified === 25)
						stop.abort(new DOMException('interrupted', 'AbortError'));
				}
			})
		).rejects.toThrow();
		const cachedAfterStop = (await db.photos.find({ selector: { state: 'cached' } }).exec()).map((d) => d.id);
		expect(cachedAfterStop.length).toBeGreaterThanOrEqual(25);
		expect(cachedAfterStop.length).toBeLessThan(photos.length);
		// since only moves after a complete pass.
		expect(await getMeta<string>(db, PHOTOS_SINCE_KEY)).toBeUndefined();

		const before = new Set(log.downloads);
		log.downloads.length = 0;
		const s = await syncPhotos(ctx, { cache, pageLimit: 20 });
		for (const id of cachedAfterStop) expect(log.downloads).not.toContain(id);
		expect(s.downloaded + cachedAfterStop.length).toBe(photos.length);
		expect(s.skipped).toBe(cachedAfterStop.length);
		expect(new Set([...before, ...log.downloads]).size).toBeGreaterThanOrEqual(photos.length);
		expectVerified(cache, photos);
		expect(cache.entries.size).toBe(photos.length);
	});

	it('a cached copy that vanished (evicted) is downloaded again by the next incremental sync', async () => {
		const { ctx, cache, log } = await outlet();
		const photos = await livePhotos();
		await syncPhotos(ctx, { cache });
		const evicted = photos[11];
		if (!evicted) throw new Error('no photo');
		await cache.delete(photoUrl(evicted.product_id));
		log.downloads.length = 0;
		const s = await syncPhotos(ctx, { cache });
		expect(s).toMatchObject({ listed: 0, downloaded: 1, failed: 0 });
		expect(log.downloads).toEqual([evicted.id]);
		expectVerified(cache, photos);
	});

	it('a product deleted at HQ: its cached photo is dropped on the next sync', async () => {
		const { ctx, db, cache } = await outlet();
		await syncPhotos(ctx, { cache });
		const gone = (await livePhotos())[7];
		if (!gone) throw new Error('no photo');
		expect(await cache.has(photoUrl(gone.product_id))).toBe(true);
		expect(await hq(`/api/v1/admin/products/${gone.product_id}`, 'DELETE')).toBe(200);
		const s = await syncPhotos(ctx, { cache });
		expect(s).toMatchObject({ deleted: 1, downloaded: 0 });
		expect(await cache.has(photoUrl(gone.product_id))).toBe(false);
		expect((await db.photos.findOne(gone.id).exec())?.is_deleted).toBe(true);
		expect(cache.entries.size).toBe((await livePhotos()).length);
	});

	it('an access token that expired before the sync: one refresh, then every photo', async () => {
		const { ctx, cache, log } = await outlet();
		const photos = await livePhotos();
		await ctx.saveSettings({ ho_access: 'expired-token' });
		const s = await syncPhotos(ctx, { cache });
		expect(s).toMatchObject({ downloaded: photos.length, failed: 0 });
		expect(log.refreshes).toBe(1);
		expect(log.refused).toBeLessThanOrEqual(5);
		expectVerified(cache, photos);
	});

	it('without a chosen store it says what to do', async () => {
		const { ctx, cache } = await outlet();
		await ctx.saveSettings({ store_id: '' });
		await expect(syncPhotos(ctx, { cache })).rejects.toMatchObject({ code: 'not_configured' });
	});
});
