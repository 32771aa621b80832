// Why: one JSON-over-fetch helper that classifies failures (offline, 401, 429, 5xx) and validates every body against its contract schema before anyone uses it.
import type { z } from 'zod';
import { NetError } from './errors';
import { safeParseWire, type WireName, type WireOut } from './wire';

export interface RequestOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	signal?: AbortSignal;
	timeoutMs?: number;
}

export interface JsonResponse {
	status: number;
	body: unknown;
	headers: Headers;
}

export type FetchFn = typeof fetch;

/** Sends a request and parses the JSON body, whatever the status; throws NetError('offline') when nothing came back. */
export async function requestJson(
	fetchFn: FetchFn,
	url: string,
	opts: RequestOptions = {}
): Promise<JsonResponse> {
	const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
	const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
	let res: Response;
	try {
		res = await fetchFn(url, {
			method: opts.method ?? 'GET',
			headers: {
				Accept: 'application/json',
				...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
				...opts.headers
			},
			body:
				opts.body === undefined
					? undefined
					: typeof opts.body === 'string'
						? opts.body
						: JSON.stringify(opts.body),
			signal
		});
	} catch (e) {
		if (opts.signal?.aborted) throw new NetError('aborted', 'request cancelled');
		throw new NetError('offline', `network error: ${e instanceof Error ? e.message : String(e)}`);
	}
	let body: unknown = null;
	const text = await res.text().catch(() => '');
	if (text) {
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
	}
	return { status: res.status, body, headers: res.headers };
}

function messageOf(body: unknown, fallback: string): string {
	if (body && typeof body === 'object') {
		const b = body as Record<string, unknown>;
		if (typeof b.message === 'string') return b.message;
		if (typeof b.error === 'string') return b.error;
	}
	return fallback;
}

/** Turns a non-2xx response into the matching NetError. */
export function statusError(r: JsonResponse, what: string): NetError {
	const msg = `${what}: ${messageOf(r.body, `HTTP ${r.status}`)}`;
	if (r.status === 401) return new NetError('unauthorized', msg, 401, 0, r.body);
	if (r.status === 403) return new NetError('forbidden', msg, 403, 0, r.body);
	if (r.status === 413) return new NetError('too_large', msg, 413, 0, r.body);
	if (r.status === 429) {
		const b = (r.body ?? {}) as { retry_after?: unknown };
		const header = Number(r.headers.get('Retry-After'));
		const after =
			typeof b.retry_after === 'number' ? b.retry_after : Number.isFinite(header) && header > 0 ? header : 60;
		return new NetError('rate_limited', msg, 429, after, r.body);
	}
	if (r.status >= 500) return new NetError('server_error', msg, r.status, 0, r.body);
	return new NetError('bad_request', msg, r.status, 0, r.body);
}

/** Validates a 2xx body against its contract schema (by name: `wire.ts`). */
export async function parseBody<K extends WireName>(
	name: K,
	r: JsonResponse,
	what: string
): Promise<WireOut<K>> {
	return acceptBody(await safeParseWire(name, r.body), r, what);
}

/** The parsed body, or the `invalid_response` error naming the first issue. */
export function acceptBody<T>(parsed: z.ZodSafeParseResult<T>, r: JsonResponse, what: string): T {
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new NetError(
			'invalid_response',
			`${what}: response does not match the contract (${issue?.path.join('.') ?? ''} ${issue?.message ?? ''})`,
			r.status
		);
	}
	return parsed.data;
}

export function joinUrl(base: string, path: string): string {
	return base.replace(/\/+$/, '') + path;
}
