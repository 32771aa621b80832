// Tablet login at the edge: a tablet logs in with its HO user as it would upstream. While upstream
// answers, the edge forwards the login and upstream decides (a wrong password there is a wrong
// password here); on success the edge keeps the user with a hash of that password (the server's own
// scrypt) and the local login route answers with the edge's own tokens. While upstream is
// unreachable (or failing with 5xx), the local route checks the kept hash, so the same user logs in.
import type { MiddlewareHandler } from 'hono';
import { LoginRequest, TokenPair } from '../../src/lib/contract/ho.ts';
import { hashPassword } from '../auth.ts';
import { hoError } from '../http/envelope.ts';
import { log } from '../log.ts';
import type { EdgeRuntime } from './index.ts';

/** How long a login waits for upstream before checking the kept hash instead. */
export const LOGIN_FORWARD_TIMEOUT_MS = 5_000;

/** Mounted before the HO login route (both /api/auth/login and /api/auth/login/) in edge mode. */
export function edgeLogin(edge: Pick<EdgeRuntime, 'ctx' | 'mirror'>): MiddlewareHandler {
	const { db, upstream } = edge.ctx;
	return async (c, next) => {
		if (c.req.method !== 'POST') return next();
		const body = LoginRequest.safeParse(await c.req.json().catch(() => null));
		// A malformed body gets the local route's own 400.
		if (!body.success) return next();
		let res: Response;
		try {
			res = await upstream.ho('/api/auth/login/', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body.data),
				timeoutMs: LOGIN_FORWARD_TIMEOUT_MS
			});
		} catch (e) {
			log('info', 'edge login: upstream unreachable, checking the kept password', {
				error: e instanceof Error ? e.message : String(e)
			});
			return next();
		}
		if (res.status >= 500) {
			await res.body?.cancel();
			return next();
		}
		if (res.status !== 200) {
			// Upstream decided (401 wrong password, 429 throttled, 400 …): its answer is the edge's.
			const headers: Record<string, string> = {
				'content-type': res.headers.get('content-type') ?? 'application/json'
			};
			const retryAfter = res.headers.get('retry-after');
			if (retryAfter) headers['retry-after'] = retryAfter;
			return new Response(await res.text(), { status: res.status, headers });
		}
		const user = TokenPair.safeParse(await res.json().catch(() => null)).data?.user;
		if (!user) return next();
		if (!(await hasCompany(db, user.company_id))) {
			// The first login can come before the first mirror pull has written the company.
			await edge.mirror.syncNow().catch(() => undefined);
			if (!(await hasCompany(db, user.company_id)))
				return hoError(c, 401, `This edge does not serve ${user.username}'s company`);
		}
		await db.tx(async (q) => {
			// A user renamed upstream frees the old name here too.
			await q.query('delete from users where username = $1 and id <> $2', [user.username, user.id]);
			await q.query(
				`insert into users (id, company_id, username, password_hash, full_name) values ($1, $2, $3, $4, $5)
				 on conflict (id) do update set company_id = excluded.company_id, username = excluded.username,
				   password_hash = excluded.password_hash, full_name = excluded.full_name`,
				[user.id, user.company_id, user.username, hashPassword(body.data.password), user.full_name]
			);
		});
		return next();
	};
}

async function hasCompany(db: EdgeRuntime['ctx']['db'], companyId: string): Promise<boolean> {
	const { rows } = await db.query('select 1 from companies where id = $1 and not is_deleted', [companyId]);
	return rows.length > 0;
}
