// Why: the incremental product-photo sync (seed 002): list by store and `since`, download at most 5 at a time, keep only MD5-verified bytes, record and report every outcome, resume without re-downloading.
import type { Photo } from '../../src/lib/contract/ho';
import type { KasirDatabase } from '../../src/lib/db/database';
import { getMeta, setMeta } from '../../src/lib/db/meta';
import { decides } from '../../src/lib/domain/errors';
import type { PhotoDoc } from '../../src/lib/db/types';
import { PHOTO_PREFIX, photoUrl } from '../../src/lib/sw/photos';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import type { PhotoCache } from './cache';
import { downloadAuth, downloadPhoto, listPhotos } from './ho-photos';
import { md5Hex, sameChecksum } from './md5';
import { runPool } from './pool';
import { REPORT_BATCH, StatusReporter } from './report';

/** The largest `updated_at` of the last complete pass: the next `since`. */
export const PHOTOS_SINCE_KEY = 'photos:since';
export const PHOTOS_LAST_RUN_KEY = 'photos:last_run';

export interface PhotoSyncOptions {
	cache: PhotoCache;
	signal?: AbortSignal;
	clock?: () => Date;
	/** Downloads in flight (the seed's maximum is 5). */
	concurrency?: number;
	/** Photos per list page (the seed recommends 100). */
	pageLimit?: number;
	reportBatch?: number;
	/** Gap between download starts in ms (the seed suggests ~100 ms); default 0. */
	startGapMs?: number;
	/** Passes over a listing that moved under us before giving up on a stable one. */
	maxPasses?: number;
	onProgress?: (p: PhotoProgress) => Promise<void> | void;
	/** Each finished photo (tests and the bench watch these). */
	onPhoto?: (o: PhotoOutcome) => void;
}

export interface PhotoCounts {
	listed: number;
	downloaded: number;
	skipped: number;
	failed: number;
	deleted: number;
}

export interface PhotoProgress extends PhotoCounts {
	done: number;
	total: number;
}

export type PhotoOutcomeKind = 'downloaded' | 'skipped' | 'failed' | 'deleted';
export interface PhotoOutcome {
	photoId: string;
	productId: string;
	kind: PhotoOutcomeKind;
	error: string | null;
}

/** Time spent per phase, summed over photos (lanes overlap, so these add up to more than the wall time). */
export interface PhotoTimings {
	list_ms: number;
	download_ms: number;
	md5_ms: number;
	cache_ms: number;
	db_ms: number;
	report_ms: number;
}

export interface PhotoSyncSummary extends PhotoCounts {
	timings: PhotoTimings;
	since: string | null;
	nextSince: string | null;
	passes: number;
	reported: number;
	started_at: string;
	finished_at: string;
}

/** What a photo should be: from the HO listing, or from our own record when retrying a failure. */
interface Expected {
	id: string;
	product_id: string;
	checksum: string;
	version: number;
	content_type: string;
	size: number;
	is_primary: boolean;
	is_deleted: boolean;
}

type Verified =
	{ ok: true; bytes: ArrayBuffer; version: number; contentType: string } | { ok: false; error: string };

export async function syncPhotos(ctx: Ctx, opts: PhotoSyncOptions): Promise<PhotoSyncSummary> {
	const db = ctx.db;
	const cache = opts.cache;
	const clock = opts.clock ?? (() => new Date());
	const settings = await ctx.settings();
	const storeId = settings.store_id;
	if (!storeId)
		throw new NetError(
			'not_configured',
			'No store chosen: choose the store on the setup page before syncing photos.'
		);

	const auth = await downloadAuth(ctx);
	const started_at = clock().toISOString();
	const since = (await getMeta<string>(db, PHOTOS_SINCE_KEY)) ?? null;
	const counts: PhotoCounts = { listed: 0, downloaded: 0, skipped: 0, failed: 0, deleted: 0 };
	const reporter = new StatusReporter(ctx, storeId, opts.reportBatch ?? REPORT_BATCH);
	const stop = new AbortController();
	const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
	/** Photo id → `checksum:is_deleted` handled in this run, so a repeated pass only redoes what moved. */
	const processed = new Map<string, string>();
	const stateOf = (e: { checksum: string; is_deleted: boolean }) => `${e.checksum}:${e.is_deleted}`;
	let total = 0;
	let done = 0;
	let lastProgressAt = 0;
	const timings: PhotoTimings = {
		list_ms: 0,
		download_ms: 0,
		md5_ms: 0,
		cache_ms: 0,
		db_ms: 0,
		report_ms: 0
	};
	const timed = async <T>(key: keyof PhotoTimings, fn: () => Promise<T> | T): Promise<T> => {
		const t0 = performance.now();
		try {
			return await fn();
		} finally {
			timings[key] += performance.now() - t0;
		}
	};

	const progress = async (force = false) => {
		if (!opts.onProgress) return;
		const now = clock().getTime();
		if (!force && now - lastProgressAt < 250) return;
		lastProgressAt = now;
		await opts.onProgress({ ...counts, done, total: Math.max(total, done) });
	};

	const finish = async (e: Expected, kind: PhotoOutcomeKind, error: string | null, report: boolean) => {
		counts[kind]++;
		done++;
		opts.onPhoto?.({ photoId: e.id, productId: e.product_id, kind, error });
		if (report)
			await timed('report_ms', () =>
				reporter.add({
					photo_id: e.id,
					status: kind === 'failed' ? 'failed' : 'synced',
					synced_at: kind === 'failed' ? null : clock().toISOString(),
					error
				})
			);
		await progress();
	};

	const record = async (
		e: Expected,
		patch: Pick<PhotoDoc, 'state' | 'cached_at' | 'error' | 'is_deleted'> & Partial<PhotoDoc>
	) => {
		await timed('db_ms', () =>
			db.photos.upsert({
				id: e.id,
				product_id: e.product_id,
				checksum: e.checksum,
				version: e.version,
				content_type: e.content_type,
				size: e.size,
				cache_url: photoUrl(e.product_id),
				updated_at: clock().toISOString(),
				...patch
			})
		);
	};

	const fetchVerified = async (e: Expected): Promise<Verified> => {
		const r = await timed('download_ms', () => downloadPhoto(ctx, auth, storeId, e.id, signal));
		if (r.status === 401)
			throw new NetError(
				'unauthorized',
				'The head office refused the login (session expired): log in again on the setup page.',
				401
			);
		if (r.status === 429)
			throw new NetError(
				'rate_limited',
				'The head office is rate limiting photo downloads.',
				429,
				Number(r.headers.get('Retry-After')) || 60
			);
		if (r.status !== 200)
			return { ok: false, error: `http_${r.status}: ${errorMessage(r.bytes) ?? 'download failed'}` };
		const header = r.headers.get('X-Checksum');
		const actual = await timed('md5_ms', () => md5Hex(r.bytes));
		if (!sameChecksum(actual, e.checksum))
			return { ok: false, error: `checksum_mismatch: expected ${e.checksum} got ${actual}` };
		if (!header) return { ok: false, error: 'checksum_missing: the download had no X-Checksum header' };
		if (!sameChecksum(header, e.checksum))
			return { ok: false, error: `checksum_mismatch: listed ${e.checksum} but X-Checksum ${header}` };
		const version = Number(r.headers.get('X-Version'));
		const type = r.headers.get('Content-Type') ?? '';
		return {
			ok: true,
			bytes: r.bytes,
			version: Number.isInteger(version) && version > 0 ? version : e.version,
			contentType: type.startsWith('image/') ? type : e.content_type
		};
	};

	// One product's old and new photo may be in one page: their cache key is the same, so they take turns.
	const keyLocks = new Map<string, Promise<void>>();
	const processOne = (e: Expected): Promise<void> => {
		const url = photoUrl(e.product_id);
		const run = (keyLocks.get(url) ?? Promise.resolve()).then(() => processUnlocked(e, url));
		const settled = run.catch(() => {});
		keyLocks.set(url, settled);
		void settled.then(() => {
			if (keyLocks.get(url) === settled) keyLocks.delete(url);
		});
		return run;
	};

	const processUnlocked = async (e: Expected, url: string) => {
		processed.set(e.id, stateOf(e));
		const doc = (await timed('db_ms', () => db.photos.findOne(e.id).exec()))?.toJSON() ?? null;
		const cachedSum = await timed('cache_ms', () => cache.checksum(url));

		if (e.is_deleted) {
			// Only drop bytes that are this photo's: the product may already hold its new photo there.
			const ours =
				cachedSum !== null && (sameChecksum(cachedSum, doc?.checksum) || sameChecksum(cachedSum, e.checksum));
			if (ours) await cache.delete(url);
			const changed = ours || (doc !== null && !doc.is_deleted);
			if (doc || ours) await record(e, { state: 'pending', cached_at: null, error: null, is_deleted: true });
			return finish(e, changed ? 'deleted' : 'skipped', null, false);
		}
		if (!e.is_primary) return finish(e, 'skipped', null, false);

		// Verified bytes of exactly this checksum are already cached: nothing to download.
		if (sameChecksum(cachedSum, e.checksum)) {
			const known =
				doc !== null && doc.state === 'cached' && !doc.is_deleted && sameChecksum(doc.checksum, e.checksum);
			if (!known)
				await record(e, {
					state: 'cached',
					cached_at: clock().toISOString(),
					error: null,
					is_deleted: false
				});
			return finish(e, 'skipped', null, !known);
		}

		let v: Verified;
		try {
			v = await fetchVerified(e);
		} catch (err) {
			if (err instanceof NetError && decides('stopPhotoSync', err.code)) {
				stop.abort(err);
				throw err;
			}
			v = { ok: false, error: `download_error: ${err instanceof Error ? err.message : String(err)}` };
		}
		if (v.ok) {
			const bytes = v.bytes;
			await timed('cache_ms', () =>
				cache.put(url, bytes, {
					checksum: e.checksum.toLowerCase(),
					version: v.version,
					contentType: v.contentType
				})
			);
			await record(
				{ ...e, version: v.version, content_type: v.contentType, size: v.bytes.byteLength },
				{
					state: 'cached',
					cached_at: clock().toISOString(),
					error: null,
					is_deleted: false
				}
			);
			return finish(e, 'downloaded', null, true);
		}
		// An outdated copy (HQ replaced the photo) is not kept either: the cache holds the current photo or nothing.
		if (cachedSum !== null) await cache.delete(url);
		await record(e, { state: 'failed', cached_at: null, error: v.error, is_deleted: false });
		return finish(e, 'failed', v.error, true);
	};

	const pool = (items: Expected[]) =>
		runPool(items, processOne, {
			concurrency: opts.concurrency ?? 5,
			startGapMs: opts.startGapMs ?? 0,
			signal
		});

	/** One walk over the listing by offset; `stable` is false when rows moved or vanished under the walk. */
	const pass = async (from: string | null) => {
		const seen = new Map<string, Photo>();
		let maxStamp = from;
		let stable = true;
		let offset = 0;
		let prevTotal = -1;
		const limit = opts.pageLimit ?? 100;
		for (;;) {
			signal.throwIfAborted();
			const page = await timed('list_ms', () =>
				listPhotos(ctx, { storeId, since: from, limit, offset, signal })
			);
			if (prevTotal >= 0 && page.total < prevTotal) stable = false;
			prevTotal = page.total;
			total = Math.max(total, done + page.total - offset);
			const fresh: Expected[] = [];
			for (const p of page.photos) {
				if (seen.has(p.id)) stable = false;
				seen.set(p.id, p);
				if (maxStamp === null || p.updated_at > maxStamp) maxStamp = p.updated_at;
				if (processed.get(p.id) !== stateOf(p)) fresh.push(p);
			}
			counts.listed += page.photos.length;
			await pool(fresh);
			if (!page.hasMore || page.photos.length === 0) break;
			offset = page.nextOffset ?? offset + page.photos.length;
		}
		return { seen, maxStamp, stable };
	};

	let passes = 0;
	let nextSince = since;
	try {
		let result = await pass(since);
		passes++;
		while (!result.stable && passes < (opts.maxPasses ?? 3)) {
			result = await pass(since);
			passes++;
		}
		// A full listing names every live photo: whatever we hold beyond it was deleted while we were away.
		if (since === null && result.stable) await reconcile(db, cache, result.seen, processOne);

		// Failures of earlier syncs that this listing did not mention are tried again, and so are photos
		// recorded as cached whose copy is gone (the browser may evict Cache Storage under storage pressure).
		const live = (await db.photos.find({ selector: { is_deleted: false } }).exec()).map((d) => d.toJSON());
		const present = new Set(await cache.keys());
		const again = live.filter(
			(d) => !processed.has(d.id) && (d.state !== 'cached' || !present.has(photoUrl(d.product_id)))
		);
		total += again.length;
		await pool(again.map((d) => ({ ...d, is_primary: true, is_deleted: false })));
		// A listing that kept moving under every pass may have skipped a row: keep the old `since` and look again next time.
		nextSince = result.stable ? result.maxStamp : since;
	} finally {
		await reporter.flush().catch(() => {});
		await progress(true).catch(() => {});
	}
	await setMeta(db, PHOTOS_SINCE_KEY, nextSince);
	for (const k of Object.keys(timings) as (keyof PhotoTimings)[]) timings[k] = Math.round(timings[k]);
	const summary: PhotoSyncSummary = {
		...counts,
		timings,
		since,
		nextSince,
		passes,
		reported: reporter.reported,
		started_at,
		finished_at: clock().toISOString()
	};
	await setMeta(db, PHOTOS_LAST_RUN_KEY, summary);
	return summary;
}

async function reconcile(
	db: KasirDatabase,
	cache: PhotoCache,
	seen: Map<string, Photo>,
	processOne: (e: Expected) => Promise<void>
): Promise<void> {
	const live = await db.photos.find({ selector: { is_deleted: false } }).exec();
	for (const d of live.map((x) => x.toJSON())) {
		if (!seen.has(d.id)) await processOne({ ...d, is_primary: true, is_deleted: true });
	}
	const products = new Set(
		[...seen.values()].filter((p) => !p.is_deleted).map((p) => photoUrl(p.product_id))
	);
	for (const key of await cache.keys())
		if (key.startsWith(PHOTO_PREFIX) && !products.has(key)) await cache.delete(key);
}

function errorMessage(bytes: ArrayBuffer): string | null {
	try {
		const body = JSON.parse(new TextDecoder().decode(bytes)) as { message?: unknown };
		return typeof body.message === 'string' ? body.message : null;
	} catch {
		return null;
	}
}
