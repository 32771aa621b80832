// Outlet authentication (Bearer API key + X-Outlet-ID / X-Outlet-Code) and the per-outlet rate limit.
import type { MiddlewareHandler } from 'hono';
import { hashApiKey } from '../auth.ts';
import type { Db } from '../db/types.ts';
import { cloudError } from '../http/envelope.ts';
import type { CloudEnv, Outlet } from './http.ts';

/**
 * A key works for its own outlet only: 401 when it is missing or unknown, 403 when the path's
 * outlet or the X-Outlet-ID / X-Outlet-Code headers name another outlet. Keys are never logged.
 */
export function requireOutlet(db: Db): MiddlewareHandler<CloudEnv> {
	return async (c, next) => {
		const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
		if (!m?.[1])
			return cloudError(c, 401, 'unauthorized', 'Missing API key: send Authorization: Bearer <api_key>');
		const keyHash = hashApiKey(m[1]);
		const { rows } = await db.query<{ id: string; code: string; company_id: string }>(
			'select id::text as id, code, company_id::text as company_id from stores where api_key_hash = $1 and not is_deleted',
			[keyHash]
		);
		const store = rows[0];
		if (!store) return cloudError(c, 401, 'unauthorized', 'Invalid API key');
		const pathOutlet = c.req.param('outlet_id');
		if (pathOutlet !== store.id)
			return cloudError(c, 403, 'forbidden', 'This API key does not belong to the outlet in the path');
		const headerId = c.req.header('x-outlet-id');
		const headerCode = c.req.header('x-outlet-code');
		if (headerId === undefined)
			return cloudError(c, 400, 'validation_error', 'X-Outlet-ID header is required');
		if (headerCode === undefined)
			return cloudError(c, 400, 'validation_error', 'X-Outlet-Code header is required');
		if (headerId !== store.id)
			return cloudError(c, 403, 'forbidden', "X-Outlet-ID does not match the API key's outlet");
		if (headerCode !== store.code)
			return cloudError(c, 403, 'forbidden', "X-Outlet-Code does not match the API key's outlet");
		const outlet: Outlet = { id: store.id, code: store.code, companyId: store.company_id, keyHash };
		c.set('outlet', outlet);
		await next();
		return undefined;
	};
}

/**
 * Fixed one-minute window per outlet, in memory, per process: the first request of an outlet opens
 * a 60 s window; past `limit` requests inside it answer 429 until the window ends. Two processes
 * each count their own requests (a reference server, not a shared quota service).
 */
export function rateLimit(limit: number, windowMs = 60_000): MiddlewareHandler<CloudEnv> {
	const windows = new Map<string, { start: number; count: number }>();
	let lastSweep = Date.now();
	return async (c, next) => {
		const now = Date.now();
		if (now - lastSweep > windowMs) {
			for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
			lastSweep = now;
		}
		const key = c.get('outlet').id;
		let w = windows.get(key);
		if (!w || now - w.start >= windowMs) {
			w = { start: now, count: 0 };
			windows.set(key, w);
		}
		w.count++;
		if (w.count > limit) {
			const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
			c.header('Retry-After', String(retryAfter));
			return c.json(
				{
					success: false,
					error: 'rate_limit_exceeded',
					message: 'Too many requests',
					retry_after: retryAfter
				},
				429
			);
		}
		await next();
		return undefined;
	};
}
