// The HTTP edge every request crosses before its route: body limits per route (413 closes the
// connection cleanly), JSON hygiene (NUL, lone surrogates, nesting depth), security headers and
// CORS. Generic on purpose: a new route is covered by being mounted under /api/.
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describeUnsafe, findUnsafeJson, textProblem } from '../../src/lib/contract/safe.ts';
import { MAX_BATCH_BYTES } from '../../src/lib/contract/cloud.ts';
import type { ServerConfig } from '../config.ts';

/** Cloud routes answer {success:false, error, message}; every other /api route the HO {status, message}. */
export const isCloudPath = (path: string) => path.startsWith('/api/v1/outlets/');

export function edgeError(
	c: Context,
	status: ContentfulStatusCode,
	code: string,
	message: string,
	extra: Record<string, unknown> = {}
) {
	if (isCloudPath(c.req.path)) return c.json({ success: false, error: code, message, ...extra }, status);
	return c.json({ status: 'error', message }, status);
}

const KB = 1024;
const MB = 1024 * KB;
/** Photo uploads: the admin route reads at most this much. */
export const MAX_PHOTO_UPLOAD_BYTES = 5 * MB;

/**
 * Largest body per route, first match wins. Sized to what each carries: credentials are tiny, a
 * batch is the seed's 10 MB, a single push or summary at most a few hundred KB of items.
 */
export const BODY_LIMITS: readonly { pattern: RegExp; bytes: number; label: string }[] = [
	{ pattern: /^\/api\/auth\//, bytes: 16 * KB, label: '16 KB' },
	{ pattern: /^\/api\/v1\/outlets\/[^/]+\/sync\/batch\/?$/, bytes: MAX_BATCH_BYTES, label: '10 MB' },
	{ pattern: /^\/api\/v1\/admin\/products\/[^/]+\/photo\/?$/, bytes: MAX_PHOTO_UPLOAD_BYTES, label: '5 MB' },
	{ pattern: /^\/api\/v1\/outlets\//, bytes: 2 * MB, label: '2 MB' },
	{ pattern: /^\/api\//, bytes: 1 * MB, label: '1 MB' }
];

/** A 413's body is read and dropped up to this much, so the connection can stay open and clean. */
const DRAIN_BYTES = 64 * MB;

/** Reads and discards the rest of a body; false when it goes on past `cap` (then we close). */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, cap: number): Promise<boolean> {
	let seen = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return true;
		seen += value.length;
		if (seen > cap) {
			await reader.cancel().catch(() => undefined);
			return false;
		}
	}
}

/**
 * Answers 413 after reading and discarding the body (up to DRAIN_BYTES): a client still sending
 * would otherwise get a reset (EPIPE) instead of the answer, or a keep-alive socket whose unread
 * bytes are taken for the next request. A body beyond that is cut off with `Connection: close`.
 */
export function bodyLimits(): MiddlewareHandler {
	return async (c, next) => {
		if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
		const limit = BODY_LIMITS.find((l) => l.pattern.test(c.req.path));
		if (!limit) return next();
		const tooLarge = (drained: boolean) => {
			if (!drained) c.header('Connection', 'close');
			const msg = isCloudPath(c.req.path)
				? `Request body is larger than ${limit.bytes} bytes (${limit.label}), the most this route accepts`
				: `Request body too large: at most ${limit.bytes} bytes (${limit.label}) on this route`;
			return edgeError(c, 413, 'payload_too_large', msg);
		};
		const declared = c.req.header('content-length');
		if (declared !== undefined) {
			if (!/^\d+$/.test(declared)) return edgeError(c, 400, 'bad_request', 'Invalid Content-Length');
			if (Number(declared) > limit.bytes) {
				const body = c.req.raw.body;
				if (!body || Number(declared) > DRAIN_BYTES) return tooLarge(!body);
				return tooLarge(await drain(body.getReader(), DRAIN_BYTES));
			}
		}
		// Read the whole body here (it is within the limit, and every route buffers it anyway): a
		// route that answers early (415, 401, a bad query) then leaves no unread bytes behind, which
		// @hono/node-server would drain for 500 ms and then cut the socket under the client's next request.
		if (declared !== undefined) {
			// No more than declared (Node's HTTP parser holds a body to its Content-Length), so read it whole in one
			// call: @hono/node-server then copies the socket's chunks into one Buffer, where the web stream below (a
			// ReadableStream over the IncomingMessage, then a second Request over the bytes) cost ~0.5 ms a batch.
			keepBody(c, new Uint8Array(await c.req.raw.arrayBuffer()));
			return next();
		}
		// A chunked body, of no declared length: read chunk by chunk to stop at the limit.
		const body = c.req.raw.body;
		if (!body) return next();
		const reader = body.getReader();
		const chunks: Uint8Array[] = [];
		let size = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.length;
			if (size > limit.bytes) return tooLarge(await drain(reader, DRAIN_BYTES - size));
			chunks.push(value);
		}
		const all = new Uint8Array(size);
		let at = 0;
		for (const ch of chunks) {
			all.set(ch, at);
			at += ch.length;
		}
		keepBody(c, all);
		return next();
	};
}

const utf8 = new TextDecoder();
const TEXT_BODY = /^(application\/([\w.+-]+\+)?json|text\/)/i;

/**
 * Hands the body read here to every later reader (`c.req.json()`, `text()`, `arrayBuffer()`, `parseBody()`): Hono's
 * request keeps each form it has read in `bodyCache`, and converts from one it holds to another. A JSON or text body is
 * decoded once as `Request.text()` decodes (UTF-8, a leading BOM dropped, bad bytes replaced), so `json()` parses that
 * string directly instead of going through a `Response` over the bytes.
 */
function keepBody(c: Context, bytes: Uint8Array) {
	const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
	const buffer = whole ? bytes.buffer : bytes.slice().buffer;
	// Hono's readers keep promises there (its own `parseBody` stores `formData` so), though it is typed as the values.
	const cache = c.req.bodyCache as { arrayBuffer?: Promise<ArrayBuffer>; text?: Promise<string> };
	cache.arrayBuffer = Promise.resolve(buffer as ArrayBuffer);
	if (TEXT_BODY.test(c.req.header('content-type') ?? '')) cache.text = Promise.resolve(utf8.decode(bytes));
}

/**
 * One `JSON.parse` per request body. Hono's `c.req.json()` caches the body's text, not its value, and parses it again on
 * every call; a `/sync/batch` body was parsed three times (the hygiene check, the fold, the route's validator: ~0.3 ms
 * each for 100 orders, ~3 ms for 1000) and every other JSON body twice. None of them changes what it reads, so they
 * share the first parse; a malformed body rejects for each of them as before (the same SyntaxError each time).
 */
export function jsonOnce(): MiddlewareHandler {
	return async (c, next) => {
		const req = c.req;
		const parse = req.json.bind(req);
		let parsed: Promise<unknown> | undefined;
		req.json = <T>() => (parsed ??= parse()) as Promise<T>;
		return next();
	};
}

/**
 * Arrays whose items are validated one by one by their route (a bad batch item fails alone with
 * its own result), so the edge leaves their contents to it.
 */
const PER_ITEM: readonly { pattern: RegExp; key: string }[] = [
	{ pattern: /^\/api\/v1\/outlets\/[^/]+\/sync\/batch\/?$/, key: 'items' }
];

/**
 * Refuses, with a 400 naming the field, any query parameter or JSON body value PostgreSQL cannot
 * store (NUL, lone surrogates) and JSON nested deeper than MAX_JSON_DEPTH. Malformed JSON is left
 * to the route's validator, which answers it in its own words.
 */
export function jsonHygiene(): MiddlewareHandler {
	return async (c, next) => {
		const url = new URL(c.req.url);
		for (const [k, v] of url.searchParams) {
			const problem = textProblem(k) ?? textProblem(v);
			if (problem)
				return edgeError(
					c,
					400,
					'validation_error',
					`${textProblem(k) ? 'A query parameter name' : k} ${problem}`
				);
		}
		const type = c.req.header('content-type') ?? '';
		if (c.req.method === 'GET' || c.req.method === 'HEAD' || !/^application\/([\w.+-]+\+)?json/i.test(type))
			return next();
		let body: unknown;
		try {
			body = await c.req.json();
		} catch {
			return next();
		}
		const perItem = PER_ITEM.find((p) => p.pattern.test(c.req.path));
		let checked = body;
		if (perItem && body && typeof body === 'object' && !Array.isArray(body)) {
			const items = (body as Record<string, unknown>)[perItem.key];
			if (Array.isArray(items)) checked = { ...body, [perItem.key]: [] };
		}
		const unsafe = findUnsafeJson(checked);
		if (unsafe) return edgeError(c, 400, 'validation_error', describeUnsafe(unsafe));
		return next();
	};
}

/**
 * CORS for /api/* from configuration: an origin on the list gets the headers a PWA served from it
 * needs (auth, outlet headers, Last-Event-ID; Retry-After and the photo headers readable); any
 * other origin gets none, so the browser refuses it. The same list answers Chrome's Private
 * Network Access preflights (`Access-Control-Request-Private-Network: true`, sent when a page on a
 * public or secure origin calls a LAN address such as an outlet edge) with
 * `Access-Control-Allow-Private-Network: true`. No origin is reflected that is not on the list, in
 * any mode (docs/decisions.md, "The outlet edge").
 */
export function corsFromConfig(config: Pick<ServerConfig, 'corsOrigins'>): MiddlewareHandler {
	const allowed = new Set(config.corsOrigins);
	const preflight = corsHeaders(allowed);
	return async (c, next) => {
		if (c.req.method !== 'OPTIONS') {
			await next();
			answerCors(c, allowed);
			return;
		}
		const answer = await preflight(c, next);
		const origin = c.req.header('origin');
		if (
			origin !== undefined &&
			allowed.has(origin) &&
			c.req.header('access-control-request-private-network')?.toLowerCase() === 'true'
		)
			(answer ?? c.res).headers.set('Access-Control-Allow-Private-Network', 'true');
		return answer;
	};
}

export const CORS = {
	allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
	allowHeaders: ['Authorization', 'Content-Type', 'X-Outlet-ID', 'X-Outlet-Code', 'Last-Event-ID'],
	exposeHeaders: ['Retry-After', 'X-Checksum', 'X-Version', 'Content-Disposition'],
	maxAge: 600
};
const EXPOSE_HEADERS = CORS.exposeHeaders.join(',');

/** Preflights (OPTIONS): Hono's `cors`, which answers them itself. `CORS`: its settings, exported for the test that holds
 * `answerCors` to it. */
function corsHeaders(allowed: ReadonlySet<string>): MiddlewareHandler {
	return cors({ origin: (origin) => (allowed.has(origin) ? origin : null), ...CORS });
}

/**
 * Every other request: the headers Hono's `cors` gives it (`edge.test.ts` holds them equal), set on the answer
 * once it is made. Hono's `cors` sets them on a placeholder response before the route runs; the route's response then
 * replaces it through Hono's `c.res` setter, which re-makes that response over its body as a stream, so
 * @hono/node-server wrote every API answer through a stream reader instead of one `end(bytes)`.
 */
function answerCors(c: Context, allowed: ReadonlySet<string>) {
	const origin = c.req.header('origin') ?? '';
	const headers = c.res.headers;
	if (origin && allowed.has(origin)) headers.set('Access-Control-Allow-Origin', origin);
	headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
	headers.append('Vary', 'Origin');
}

/** The PWA's CSP comes from svelte.config.js (a meta tag with script hashes); these complete it. */
export function pwaPolicy(config: Pick<ServerConfig, 'connectSrc'>): string {
	const parts = ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"];
	// Policies intersect: a server that knows its HO and cloud origins narrows connect-src further.
	if (config.connectSrc.length) parts.push(`connect-src 'self' ${config.connectSrc.join(' ')}`);
	return parts.join('; ');
}

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const DOCS_POLICY =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** nosniff, no referrer, no framing everywhere; no caching of API answers unless the route chose. */
export function securityHeaders(config: Pick<ServerConfig, 'connectSrc'>): MiddlewareHandler {
	const pwa = pwaPolicy(config);
	return async (c, next) => {
		await next();
		const h = c.res.headers;
		h.set('X-Content-Type-Options', 'nosniff');
		h.set('Referrer-Policy', 'no-referrer');
		h.set('X-Frame-Options', 'DENY');
		h.set('Cross-Origin-Opener-Policy', 'same-origin');
		const path = c.req.path;
		if (path === '/api/docs' || path.startsWith('/api/docs/')) h.set('Content-Security-Policy', DOCS_POLICY);
		else if (path.startsWith('/api/')) {
			h.set('Content-Security-Policy', API_POLICY);
			if (!h.has('Cache-Control') || path.startsWith('/api/auth/')) h.set('Cache-Control', 'no-store');
		} else if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', pwa);
	};
}
