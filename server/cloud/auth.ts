// Outlet authentication (Bearer API key + X-Outlet-ID / X-Outlet-Code) and the per-outlet rate limit, in one statement.
import type { Context, MiddlewareHandler } from 'hono';
import { hashApiKey } from '../auth.ts';
import type { Db } from '../db/types.ts';
import { cloudError } from '../http/envelope.ts';
import { clientAddress, FailureWindow } from '../http/throttle.ts';
import type { CloudEnv, FoldedWrite, Outlet } from './http.ts';

/**
 * The key lookup (`s`: the store with this key hash, its id as text and as uuid) and the budget (`w`: the outlet's rate
 * window, bumped only when the path's outlet ($2), X-Outlet-ID ($3) and X-Outlet-Code ($4) are the key's, exactly the
 * checks that decide 401/403/400 after it), then `a`: the store once more when the request is admitted (the budget's
 * count is within the limit, $6). A folded write reads `a`, so it runs for an admitted request only.
 */
const AUTH_CTES = `s as (
	   select id::text as id, id as uid, code, company_id::text as company_id from stores
	    where api_key_hash = $1 and not is_deleted limit 1
	 ), w as (
	   insert into rate_windows as w (key, window_start, count)
	   select 'outlet:' || s.id, clock_timestamp(), 1 from s where s.id = $2 and s.id = $3 and s.code = $4
	   on conflict (key) do update set
	     count = case when w.window_start <= clock_timestamp() - make_interval(secs => $5::float8) then 1 else w.count + 1 end,
	     window_start = case when w.window_start <= clock_timestamp() - make_interval(secs => $5::float8)
	                         then clock_timestamp() else w.window_start end
	   returning count, extract(epoch from (window_start + make_interval(secs => $5::float8) - clock_timestamp())) * 1000 as remaining_ms
	 ), a as (
	   select s.uid, s.id, s.code from s join w on w.count <= $6::int
	 )`;
const AUTH_COLUMNS = 's.id, s.code, s.company_id, w.count, w.remaining_ms';
const AUTH_SQL = `with ${AUTH_CTES} select ${AUTH_COLUMNS} from s left join w on true`;

/** The auth statement with a route's write folded in: its CTEs after `a`, its rows as one JSON array (`written`). */
const foldedSql = (write: FoldedWrite) =>
	`with ${AUTH_CTES}, ${write.ctes}
	 select ${AUTH_COLUMNS}, (select coalesce(json_agg(f), '[]'::json) from ${write.rows} f) as written
	   from s left join w on true`;

type AuthRow = {
	id: string;
	code: string;
	company_id: string;
	count: number | null;
	remaining_ms: string | number | null;
	written?: unknown[];
};

/**
 * A key works for its own outlet only: 401 when it is missing or unknown, 403 when the path's
 * outlet or the X-Outlet-ID / X-Outlet-Code headers name another outlet. Keys are never logged.
 *
 * The per-outlet rate limit is counted in the same statement: a fixed one-minute window per outlet, in the database
 * (an upsert of `rate_windows`), so every server process on one PostgreSQL spends the same budget. The first request of
 * an outlet opens a 60 s window; past `limit` requests inside it answer 429 until the window ends. Only a request whose
 * key, path and headers all agree spends the budget (the upsert's condition is the checks below). One round trip
 * instead of two: with many outlets pushing small batches, that second trip was a third of each request's statements.
 *
 * `fold` lets a route put its first write in the same statement (`/sync/batch`: the new orders' insert), so a small
 * batch is one round trip and one commit. The write's CTEs read `a`, so a request refused for its key, its outlet, its
 * headers or its budget writes nothing, exactly as when the route never runs. A folded statement that fails (a value
 * the database refuses) is retried as the plain auth statement and the route writes on its own, as without `fold`.
 */
export function requireOutlet(
	db: Db,
	opts: {
		badKeyPerMinute?: number;
		limit: number;
		windowMs?: number;
		fold?: (c: Context<CloudEnv>) => Promise<FoldedWrite | null>;
	}
): MiddlewareHandler<CloudEnv> {
	const windowMs = opts.windowMs ?? 60_000;
	// Guessing keys from one address: after badKeyPerMinute misses, 429 before any lookup.
	const badKeys = new FailureWindow(opts.badKeyPerMinute ?? 30, 60_000);
	const limited = (c: Context, retryAfter: number) => {
		c.header('Retry-After', String(retryAfter));
		return c.json(
			{ success: false, error: 'rate_limit_exceeded', message: 'Too many requests', retry_after: retryAfter },
			429
		);
	};
	let lastSweep = Date.now();
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
		const now = Date.now();
		if (now - lastSweep > 10 * windowMs) {
			lastSweep = now;
			await db.query(
				`delete from rate_windows where window_start < now() - make_interval(secs => $1::float8)`,
				[(10 * windowMs) / 1000]
			);
		}
		const pathOutlet = c.req.param('outlet_id');
		const headerId = c.req.header('x-outlet-id');
		const headerCode = c.req.header('x-outlet-code');
		const params = [
			keyHash,
			pathOutlet ?? null,
			headerId ?? null,
			headerCode ?? null,
			windowMs / 1000,
			opts.limit
		];
		const write = opts.fold ? await opts.fold(c) : null;
		let store: AuthRow | undefined;
		if (write) {
			try {
				store = (
					await db.query<AuthRow>(foldedSql(write), [...params, ...write.params], {
						name: `cloud-outlet-auth+${write.name}`
					})
				).rows[0];
				if (store?.written) write.done(store.written);
			} catch {
				store = undefined;
				write.failed();
			}
		}
		store ??= (await db.query<AuthRow>(AUTH_SQL, params, { name: 'cloud-outlet-auth' })).rows[0];
		if (!store) return refuse('Invalid API key');
		if (pathOutlet !== store.id)
			return cloudError(c, 403, 'forbidden', 'This API key does not belong to the outlet in the path');
		if (headerId === undefined)
			return cloudError(c, 400, 'validation_error', 'X-Outlet-ID header is required');
		if (headerCode === undefined)
			return cloudError(c, 400, 'validation_error', 'X-Outlet-Code header is required');
		if (headerId !== store.id)
			return cloudError(c, 403, 'forbidden', "X-Outlet-ID does not match the API key's outlet");
		if (headerCode !== store.code)
			return cloudError(c, 403, 'forbidden', "X-Outlet-Code does not match the API key's outlet");
		if (store.count !== null && store.count > opts.limit) {
			const retryAfter = Math.min(
				Math.ceil(windowMs / 1000),
				Math.max(1, Math.ceil(Number(store.remaining_ms) / 1000))
			);
			return limited(c, retryAfter);
		}
		const outlet: Outlet = { id: store.id, code: store.code, companyId: store.company_id, keyHash };
		c.set('outlet', outlet);
		await next();
		return undefined;
	};
}
