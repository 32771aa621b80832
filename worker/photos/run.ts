// Why: one photo sync run's state (counts, timings, what this run handled) and its steps (fetch and verify, record, report, one walk over the listing), so `syncPhotos` reads as the order of those steps.
import type { Photo } from '../../src/lib/contract/ho';
import type { PhotoDoc } from '../../src/lib/db/types';
import { photoUrl } from '../../src/lib/sw/photos';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import type { PhotoCounts, PhotoOutcomeKind, PhotoSyncOptions, PhotoTimings } from './engine';
import { downloadPhoto, listPhotos, type DownloadAuth } from './ho-photos';
import { md5Hex, sameChecksum } from './md5';
import { runPool } from './pool';
import { REPORT_BATCH, StatusReporter } from './report';
import { decides } from '../../src/lib/domain/errors';

/** What a photo should be: from the HO listing, or from our own record when retrying a failure. */
export type PhotoExpected = Pick<
	PhotoDoc,
	'id' | 'product_id' | 'checksum' | 'version' | 'content_type' | 'size' | 'is_deleted'
> & { is_primary: boolean };

type Verified =
	{ ok: true; bytes: ArrayBuffer; version: number; contentType: string } | { ok: false; error: string };

/** One walk over the listing: every photo it named, the newest stamp, and whether rows moved under it. */
export interface PassResult {
	seen: Map<string, Photo>;
	maxStamp: string | null;
	stable: boolean;
}

const stateOf = (e: { checksum: string; is_deleted: boolean }) => `${e.checksum}:${e.is_deleted}`;

export class PhotoRun {
	readonly counts: PhotoCounts = { listed: 0, downloaded: 0, skipped: 0, failed: 0, deleted: 0 };
	readonly reporter: StatusReporter;
	readonly #timings: PhotoTimings = {
		list_ms: 0,
		download_ms: 0,
		md5_ms: 0,
		cache_ms: 0,
		db_ms: 0,
		report_ms: 0
	};
	readonly #ctx: Ctx;
	readonly #opts: PhotoSyncOptions;
	readonly #storeId: string;
	readonly #auth: DownloadAuth;
	readonly #clock: () => Date;
	readonly #stop = new AbortController();
	readonly #signal: AbortSignal;
	/** Photo id → `checksum:is_deleted` handled in this run, so a repeated pass only redoes what moved. */
	readonly #processed = new Map<string, string>();
	/** One product's old and new photo may be in one page: their cache key is the same, so they take turns. */
	readonly #keyLocks = new Map<string, Promise<void>>();
	#total = 0;
	#done = 0;
	#lastProgressAt = 0;

	constructor(
		ctx: Ctx,
		opts: PhotoSyncOptions,
		run: { storeId: string; auth: DownloadAuth; clock: () => Date }
	) {
		this.#ctx = ctx;
		this.#opts = opts;
		this.#storeId = run.storeId;
		this.#auth = run.auth;
		this.#clock = run.clock;
		this.reporter = new StatusReporter(ctx, run.storeId, opts.reportBatch ?? REPORT_BATCH);
		this.#signal = opts.signal ? AbortSignal.any([opts.signal, this.#stop.signal]) : this.#stop.signal;
	}

	roundedTimings(): PhotoTimings {
		const t = this.#timings;
		for (const k of Object.keys(t) as (keyof PhotoTimings)[]) t[k] = Math.round(t[k]);
		return t;
	}

	async #timed<T>(key: keyof PhotoTimings, fn: () => Promise<T> | T): Promise<T> {
		const t0 = performance.now();
		try {
			return await fn();
		} finally {
			this.#timings[key] += performance.now() - t0;
		}
	}

	async progress(force = false): Promise<void> {
		const onProgress = this.#opts.onProgress;
		if (!onProgress) return;
		const now = this.#clock().getTime();
		if (!force && now - this.#lastProgressAt < 250) return;
		this.#lastProgressAt = now;
		await onProgress({ ...this.counts, done: this.#done, total: Math.max(this.#total, this.#done) });
	}

	async #finish(
		e: PhotoExpected,
		kind: PhotoOutcomeKind,
		error: string | null,
		report: boolean
	): Promise<void> {
		this.counts[kind]++;
		this.#done++;
		this.#opts.onPhoto?.({ photoId: e.id, productId: e.product_id, kind, error });
		if (report)
			await this.#timed('report_ms', () =>
				this.reporter.add({
					photo_id: e.id,
					status: kind === 'failed' ? 'failed' : 'synced',
					synced_at: kind === 'failed' ? null : this.#clock().toISOString(),
					error
				})
			);
		await this.progress();
	}

	async #record(
		e: PhotoExpected,
		patch: Pick<PhotoDoc, 'state' | 'cached_at' | 'error' | 'is_deleted'> & Partial<PhotoDoc>
	): Promise<void> {
		await this.#timed('db_ms', () =>
			this.#ctx.db.photos.upsert({
				id: e.id,
				product_id: e.product_id,
				checksum: e.checksum,
				version: e.version,
				content_type: e.content_type,
				size: e.size,
				cache_url: photoUrl(e.product_id),
				updated_at: this.#clock().toISOString(),
				...patch
			})
		);
	}

	async #fetchVerified(e: PhotoExpected): Promise<Verified> {
		const r = await this.#timed('download_ms', () =>
			downloadPhoto(this.#ctx, this.#auth, this.#storeId, e.id, this.#signal)
		);
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
		const actual = await this.#timed('md5_ms', () => md5Hex(r.bytes));
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
	}

	/** Handles one photo, after any other photo of the same product (same cache key) has finished. */
	readonly processOne = (e: PhotoExpected): Promise<void> => {
		const url = photoUrl(e.product_id);
		const run = (this.#keyLocks.get(url) ?? Promise.resolve()).then(() => this.#process(e, url));
		const settled = run.catch(() => {});
		this.#keyLocks.set(url, settled);
		void settled.then(() => {
			if (this.#keyLocks.get(url) === settled) this.#keyLocks.delete(url);
		});
		return run;
	};

	async #process(e: PhotoExpected, url: string): Promise<void> {
		this.#processed.set(e.id, stateOf(e));
		const doc =
			(await this.#timed('db_ms', () => this.#ctx.db.photos.findOne(e.id).exec()))?.toJSON() ?? null;
		const cachedSum = await this.#timed('cache_ms', () => this.#opts.cache.checksum(url));
		if (e.is_deleted) return this.#drop(e, url, doc, cachedSum);
		if (!e.is_primary) return this.#finish(e, 'skipped', null, false);
		// Verified bytes of exactly this checksum are already cached: nothing to download.
		if (sameChecksum(cachedSum, e.checksum)) {
			const known =
				doc !== null && doc.state === 'cached' && !doc.is_deleted && sameChecksum(doc.checksum, e.checksum);
			if (!known)
				await this.#record(e, {
					state: 'cached',
					cached_at: this.#clock().toISOString(),
					error: null,
					is_deleted: false
				});
			return this.#finish(e, 'skipped', null, !known);
		}
		return this.#download(e, url, cachedSum);
	}

	/** A deleted photo: only drop bytes that are this photo's (the product may already hold its new photo there). */
	async #drop(e: PhotoExpected, url: string, doc: PhotoDoc | null, cachedSum: string | null): Promise<void> {
		const ours =
			cachedSum !== null && (sameChecksum(cachedSum, doc?.checksum) || sameChecksum(cachedSum, e.checksum));
		if (ours) await this.#opts.cache.delete(url);
		const changed = ours || (doc !== null && !doc.is_deleted);
		if (doc || ours)
			await this.#record(e, { state: 'pending', cached_at: null, error: null, is_deleted: true });
		return this.#finish(e, changed ? 'deleted' : 'skipped', null, false);
	}

	async #download(e: PhotoExpected, url: string, cachedSum: string | null): Promise<void> {
		let v: Verified;
		try {
			v = await this.#fetchVerified(e);
		} catch (err) {
			if (err instanceof NetError && decides('stopPhotoSync', err.code)) {
				this.#stop.abort(err);
				throw err;
			}
			v = { ok: false, error: `download_error: ${err instanceof Error ? err.message : String(err)}` };
		}
		if (v.ok) {
			const bytes = v.bytes;
			await this.#timed('cache_ms', () =>
				this.#opts.cache.put(url, bytes, {
					checksum: e.checksum.toLowerCase(),
					version: v.version,
					contentType: v.contentType
				})
			);
			await this.#record(
				{ ...e, version: v.version, content_type: v.contentType, size: v.bytes.byteLength },
				{
					state: 'cached',
					cached_at: this.#clock().toISOString(),
					error: null,
					is_deleted: false
				}
			);
			return this.#finish(e, 'downloaded', null, true);
		}
		// An outdated copy (HQ replaced the photo) is not kept either: the cache holds the current photo or nothing.
		if (cachedSum !== null) await this.#opts.cache.delete(url);
		await this.#record(e, { state: 'failed', cached_at: null, error: v.error, is_deleted: false });
		return this.#finish(e, 'failed', v.error, true);
	}

	#pool(items: PhotoExpected[]): Promise<void> {
		return runPool(items, this.processOne, {
			concurrency: this.#opts.concurrency ?? 5,
			startGapMs: this.#opts.startGapMs ?? 0,
			signal: this.#signal
		});
	}

	/** One walk over the listing by offset; `stable` is false when rows moved or vanished under the walk. */
	async pass(from: string | null): Promise<PassResult> {
		const seen = new Map<string, Photo>();
		let maxStamp = from;
		let stable = true;
		let offset = 0;
		let prevTotal = -1;
		const limit = this.#opts.pageLimit ?? 100;
		for (;;) {
			this.#signal.throwIfAborted();
			const page = await this.#timed('list_ms', () =>
				listPhotos(this.#ctx, { storeId: this.#storeId, since: from, limit, offset, signal: this.#signal })
			);
			if (prevTotal >= 0 && page.total < prevTotal) stable = false;
			prevTotal = page.total;
			this.#total = Math.max(this.#total, this.#done + page.total - offset);
			const fresh: PhotoExpected[] = [];
			for (const p of page.photos) {
				if (seen.has(p.id)) stable = false;
				seen.set(p.id, p);
				if (maxStamp === null || p.updated_at > maxStamp) maxStamp = p.updated_at;
				if (this.#processed.get(p.id) !== stateOf(p)) fresh.push(p);
			}
			this.counts.listed += page.photos.length;
			await this.#pool(fresh);
			if (!page.hasMore || page.photos.length === 0) break;
			offset = page.nextOffset ?? offset + page.photos.length;
		}
		return { seen, maxStamp, stable };
	}

	/**
	 * Failures of earlier syncs that this listing did not mention are tried again, and so are photos
	 * recorded as cached whose copy is gone (the browser may evict Cache Storage under storage pressure).
	 */
	async retryLeftovers(): Promise<void> {
		const live = (await this.#ctx.db.photos.find({ selector: { is_deleted: false } }).exec()).map((d) =>
			d.toJSON()
		);
		const present = new Set(await this.#opts.cache.keys());
		const again = live.filter(
			(d) => !this.#processed.has(d.id) && (d.state !== 'cached' || !present.has(photoUrl(d.product_id)))
		);
		this.#total += again.length;
		await this.#pool(again.map((d) => ({ ...d, is_primary: true, is_deleted: false })));
	}
}

function errorMessage(bytes: ArrayBuffer): string | null {
	try {
		const body = JSON.parse(new TextDecoder().decode(bytes)) as { message?: unknown };
		return typeof body.message === 'string' ? body.message : null;
	} catch {
		return null;
	}
}
