// Why: JS, CSS, JSON and HTML go out brotli- or gzip-compressed (the selling screen's JS was served raw); immutable
// build files are compressed once at the best level and kept, everything else at a fast level per response.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Smaller bodies gain less than the header costs. */
const MIN_BYTES = 1024;
const COMPRESSIBLE =
	/^(text\/(?!event-stream)|application\/(json|javascript|manifest\+json|xml)|image\/svg\+xml)/;
/** Compressed immutable files kept in memory (a build's JS and CSS is a few MB at most). */
const CACHE_LIMIT_BYTES = 32 * 1024 * 1024;

type Encoding = 'br' | 'gzip';

function pick(acceptEncoding: string | undefined): Encoding | null {
	const accepted = (acceptEncoding ?? '')
		.split(',')
		.map((s) => s.trim().split(';'))
		.filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
		.map(([name]) => name?.trim().toLowerCase());
	if (accepted.includes('br')) return 'br';
	if (accepted.includes('gzip')) return 'gzip';
	return null;
}

/**
 * Brotli quality for responses compressed per request. 4, not 5: from 5 on brotli switches to its slower match finder,
 * which on our JSON (a batch's results, an updates page of products) took 2-4x the time for the same or a larger
 * output (100 batch results: 2,518 bytes at 4, 2,543 at 5; 1000 products: 112 KB at 4, 114 KB at 5).
 */
const DYNAMIC_QUALITY = 4;

/**
 * Dynamic answers up to this size are compressed in line, on the event loop, instead of on libuv's thread pool: at
 * quality 4 a 15 KB answer (a batch's 100 results) takes ~0.1 ms to compress, less than the two thread hand-overs the
 * pool costs (the task queued to a pool thread, its completion back to the loop: ~0.2 ms in all, more when the machine's
 * cores are busy). The bytes are the same either way. Larger answers (up to ~1 MB: an updates page, 1000 results)
 * still go to the pool, where their milliseconds of compression do not hold up other requests.
 */
export const INLINE_MAX_BYTES = 64 * 1024;

const brotliParams = (body: Uint8Array, best: boolean) => ({
	params: {
		[constants.BROTLI_PARAM_QUALITY]: best ? 11 : DYNAMIC_QUALITY,
		[constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength
	}
});

async function encode(body: Uint8Array, enc: Encoding, best: boolean): Promise<Uint8Array<ArrayBuffer>> {
	const level = best ? 9 : 6;
	if (!best && body.byteLength <= INLINE_MAX_BYTES)
		return new Uint8Array(
			enc === 'gzip' ? gzipSync(body, { level }) : brotliCompressSync(body, brotliParams(body, best))
		);
	if (enc === 'gzip') return new Uint8Array(await gz(body, { level }));
	return new Uint8Array(await brotli(body, brotliParams(body, best)));
}

/** `immutable(path)` says which responses never change for their path (hashed build files): those are cached compressed. */
export function compression(opts: { immutable?: (path: string) => boolean } = {}): MiddlewareHandler {
	const cache = new Map<string, Uint8Array<ArrayBuffer>>();
	let cached = 0;
	return async (c, next) => {
		await next();
		const enc = pick(c.req.header('accept-encoding'));
		const res = c.res;
		const type = res.headers.get('content-type') ?? '';
		if (
			!enc ||
			c.req.method === 'HEAD' ||
			!res.body ||
			res.status < 200 ||
			res.status === 204 ||
			res.status === 206 ||
			res.headers.has('content-encoding') ||
			!COMPRESSIBLE.test(type)
		)
			return;
		const length = Number(res.headers.get('content-length') ?? NaN);
		if (length < MIN_BYTES) return;
		const body = new Uint8Array(await res.arrayBuffer());
		const headers = new Headers(res.headers);
		// Kept beside what others vary on (CORS: Origin); set after each `c.res =`, which copies the old headers back.
		const vary = [res.headers.get('Vary'), 'Accept-Encoding'].filter(Boolean).join(', ');
		if (body.byteLength < MIN_BYTES) {
			replace(c, new Response(body, { status: res.status, statusText: res.statusText, headers }));
			c.res.headers.set('Vary', vary);
			return;
		}
		const keep = res.status === 200 && (opts.immutable?.(c.req.path) ?? false);
		const key = `${enc} ${c.req.path}`;
		let out = keep ? cache.get(key) : undefined;
		if (!out) {
			out = await encode(body, enc, keep);
			if (keep && cached + out.byteLength <= CACHE_LIMIT_BYTES) {
				cache.set(key, out);
				cached += out.byteLength;
			}
		}
		replace(c, new Response(out, { status: res.status, statusText: res.statusText, headers }));
		c.res.headers.set('Content-Encoding', enc);
		c.res.headers.set('Content-Length', String(out.byteLength));
		c.res.headers.set('Vary', vary);
	};
}

/**
 * Puts `res` (which already carries every header of the answer it replaces) in place as it is. Assigning `c.res` over a
 * response re-makes the new one over its body as a stream to copy the old headers onto it, and @hono/node-server then
 * writes it through a stream reader instead of one `end(bytes)`: clearing `c.res` first skips that copy.
 */
function replace(c: Context, res: Response) {
	c.res = undefined;
	c.res = res;
}
