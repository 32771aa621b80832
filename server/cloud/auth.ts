// Outlet authentication (Bearer API key + X-Outlet-ID / X-Outlet-Code) and the per-outlet rate limit.
import type { Context, MiddlewareHandler } from 'hono';
import { hashApiKey } from '../auth.ts';
import type { Db } from '../db/types.ts';
import { cloudError } from '../http/envelope.ts';
import { clientAddress, FailureWindow } from '../http/throttle.ts';
import type { CloudEnv, Outlet } from './http.ts';

/**
 * A key works for its own outlet only: 401 when it is missing or unknown, 403 when the path's
 * outlet or the X-Outlet-ID / X-Outlet-Code headers name another outlet. Keys are never logged.
 */
export function requireOutlet(db: Db, badKeyPerMinute = 30): MiddlewareHandler<CloudEnv> {
	// Guessing keys from one address: after badKeyPerMinute misses, 429 before any lookup.
	const badKeys = new FailureWindow(badKeyPerMinute, 60_000);
	const limited = (c: Context, retryAfter: number) => {
		c.header('Retry-After', String(retryAfter));
		return c.json(
			{ success: false, error: 'rate_limit_exceeded', message: 'Too many requests', retry_after: retryAfter },
			429
		);
	};
	return async (c, next) => {
		const address = clientAddress(c);
		const wait = badKeys.blockedFor(address);
		if (wait) return limited(c, wait);
		const refuse = (message: string) => {
			const after = badKeys.fail(address);
			return after ? limited(c, after) : cloudError(c, 401, 'unauthorized', message);
		};
		const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
		if (!m?.[1]) return refuse('Missing API key: send Authorization: Bearer <api_key>');
		const keyHash = hashApiKey(m[1]);
		const { rows } = await db.query<{ id: string; code: string; company_id: string }>(
			'select id::text as id, code, company_id::text as company_id from stores where api_key_hash = $1 and not is_deleted',
			[keyHash]
		);
		const store = rows[0];
		if (!store) return refuse('Invalid API key');
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
 * Fixed one-minute window per outlet, counted in the database (one upsert per request), so every
 * server process on one PostgreSQL spends the same budget: the first request of an outlet opens a
 * 60 s window; past `limit` requests inside it answer 429 until the window ends.
 */
export function rateLimit(db: Db, limit: number, windowMs = 60_000): MiddlewareHandler<CloudEnv> {
	let lastSweep = Date.now();
	return async (c, next) => {
		const now = Date.now();
		if (now - lastSweep > 10 * windowMs) {
			lastSweep = now;
			await db.query(
				`delete from rate_windows where window_start < now() - make_interval(secs => $1::float8)`,
				[(10 * windowMs) / 1000]
			);
		}
		const { rows } = await db.query<{ count: number; remaining_ms: string | number }>(
			`insert into rate_windows as w (key, window_start, count) values ($1, clock_timestamp(), 1)
			 on conflict (key) do update set
			   count = case when w.window_start <= clock_timestamp() - make_interval(secs => $2::float8) then 1 else w.count + 1 end,
			   window_start = case when w.window_start <= clock_timestamp() - make_interval(secs => $2::float8)
			                       then clock_timestamp() else w.window_start end
			 returning count, extract(epoch from (window_start + make_interval(secs => $2::float8) - clock_timestamp())) * 1000 as remaining_ms`,
			[`outlet:${c.get('outlet').id}`, windowMs / 1000]
		);
		const row = rows[0];
		if (row && row.count > limit) {
			const retryAfter = Math.min(
				Math.ceil(windowMs / 1000),
				Math.max(1, Math.ceil(Number(row.remaining_ms) / 1000))
			);
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
