// Why: the three seed-002 photo calls (list, binary download, status batch) on top of the HO client's token handling.
import type { Photo } from '../../src/lib/contract/ho';
import type { Ctx } from '../context';
import { hoBase, hoRequest } from '../ho/client';
import { NetError } from '../net/errors';
import { joinUrl } from '../net/http';

export interface PhotoPage {
	photos: Photo[];
	total: number;
	hasMore: boolean;
	nextOffset: number | null;
}

export async function listPhotos(
	ctx: Ctx,
	q: { storeId: string; since: string | null; limit: number; offset: number; signal?: AbortSignal }
): Promise<PhotoPage> {
	const p = new URLSearchParams({ store_id: q.storeId, limit: String(q.limit), offset: String(q.offset) });
	if (q.since) p.set('since', q.since);
	const body = await hoRequest(ctx, `/api/v1/sync/product-photos/?${p}`, 'PhotoListResponse', {
		signal: q.signal
	});
	return {
		photos: body.data.photos,
		total: body.data.total,
		hasMore: body.data.has_more,
		nextOffset: body.data.next_offset
	};
}

export interface SyncStatusItem {
	photo_id: string;
	status: 'synced' | 'failed';
	synced_at: string | null;
	error: string | null;
}

export async function reportPhotoStatus(
	ctx: Ctx,
	storeId: string,
	batch: SyncStatusItem[],
	signal?: AbortSignal
): Promise<string> {
	const body = await hoRequest(ctx, '/api/v1/sync/product-photos/status/', 'MessageResponse', {
		method: 'POST',
		body: { store_id: storeId, sync_batch: batch },
		signal
	});
	return body.message;
}

export interface Download {
	status: number;
	bytes: ArrayBuffer;
	headers: Headers;
}

const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Where and as whom to download: read once per sync, so a download costs no settings read. */
export interface DownloadAuth {
	base: string;
	token: string;
	/** The one token refresh the downloads in flight wait for together. */
	refreshing?: Promise<void>;
}

export async function downloadAuth(ctx: Ctx): Promise<DownloadAuth> {
	return { base: await hoBase(ctx), token: (await ctx.settings()).ho_access };
}

/**
 * GET …/<photo_id>/download/ with the bearer token. On a 401 the token is refreshed through the HO
 * client (a one-row list call, which refreshes once or marks the login refused), `auth` is updated
 * for the next downloads and this one is tried once more. Throws NetError only when nothing came
 * back (offline, aborted).
 */
export async function downloadPhoto(
	ctx: Ctx,
	auth: DownloadAuth,
	storeId: string,
	photoId: string,
	signal?: AbortSignal
): Promise<Download> {
	const path = `/api/v1/sync/product-photos/${encodeURIComponent(photoId)}/download/?store_id=${encodeURIComponent(storeId)}`;
	const send = async (token: string): Promise<Download> => {
		const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
		try {
			const res = await ctx.fetch(joinUrl(auth.base, path), {
				headers: { Authorization: `Bearer ${token}`, Accept: 'image/*' },
				signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
				cache: 'no-store'
			});
			return { status: res.status, bytes: await res.arrayBuffer(), headers: res.headers };
		} catch (e) {
			if (signal?.aborted) throw new NetError('aborted', 'request cancelled');
			throw new NetError('offline', `network error: ${e instanceof Error ? e.message : String(e)}`);
		}
	};
	const used = auth.token;
	let r = await send(used);
	if (r.status === 401) {
		if (auth.token === used) {
			auth.refreshing ??= (async () => {
				await listPhotos(ctx, { storeId, since: null, limit: 1, offset: 0, signal });
				Object.assign(auth, await downloadAuth(ctx));
			})().finally(() => (auth.refreshing = undefined));
			await auth.refreshing;
		}
		r = await send(auth.token);
	}
	return r;
}
