// Why: the incremental product-photo sync (seed 002): list by store and `since`, download at most 5 at a time, keep only MD5-verified bytes, record and report every outcome, resume without re-downloading.
import type { Photo } from '../../src/lib/contract/ho';
import type { KasirDatabase } from '../../src/lib/db/database';
import { getMeta, setMeta } from '../../src/lib/db/meta';
import { PHOTO_PREFIX, photoUrl } from '../../src/lib/sw/photos';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import type { PhotoCache } from './cache';
import { downloadAuth } from './ho-photos';
import { PhotoRun, type PhotoExpected } from './run';

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

export async function syncPhotos(ctx: Ctx, opts: PhotoSyncOptions): Promise<PhotoSyncSummary> {
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
	const since = (await getMeta<string>(ctx.db, PHOTOS_SINCE_KEY)) ?? null;
	const run = new PhotoRun(ctx, opts, { storeId, auth, clock });

	let passes = 0;
	let nextSince = since;
	try {
		let result = await run.pass(since);
		passes++;
		while (!result.stable && passes < (opts.maxPasses ?? 3)) {
			result = await run.pass(since);
			passes++;
		}
		// A full listing names every live photo: whatever we hold beyond it was deleted while we were away.
		if (since === null && result.stable) await reconcile(ctx.db, opts.cache, result.seen, run.processOne);
		await run.retryLeftovers();
		// A listing that kept moving under every pass may have skipped a row: keep the old `since` and look again next time.
		nextSince = result.stable ? result.maxStamp : since;
	} finally {
		await run.reporter.flush().catch(() => {});
		await run.progress(true).catch(() => {});
	}
	await setMeta(ctx.db, PHOTOS_SINCE_KEY, nextSince);
	const summary: PhotoSyncSummary = {
		...run.counts,
		timings: run.roundedTimings(),
		since,
		nextSince,
		passes,
		reported: run.reporter.reported,
		started_at,
		finished_at: clock().toISOString()
	};
	await setMeta(ctx.db, PHOTOS_LAST_RUN_KEY, summary);
	return summary;
}

async function reconcile(
	db: KasirDatabase,
	cache: PhotoCache,
	seen: Map<string, Photo>,
	processOne: (e: PhotoExpected) => Promise<void>
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
