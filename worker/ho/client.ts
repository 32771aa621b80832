// Why: the HO API client: bearer token, one refresh on 401, then `unauthorized` until a new login; every body validated against the HO contract.
import type { AllSettings } from '../../src/lib/settings/store';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import { joinUrl, parseBody, requestJson, statusError, type RequestOptions } from '../net/http';
import type { WireName, WireOut } from '../net/wire';

export async function hoBase(ctx: Ctx): Promise<string> {
	const s = await ctx.settings();
	return s.ho_url || ctx.origin;
}

function markAuth(ctx: Ctx, state: 'ok' | 'unauthorized'): void {
	if (ctx.flags.hoAuth !== state) {
		ctx.flags.hoAuth = state;
		ctx.changed();
	}
}

/** POST /api/auth/login/: stores the token pair (never returned to the page). */
export async function hoLogin(ctx: Ctx, baseUrl: string, username: string, password: string): Promise<void> {
	const r = await requestJson(ctx.fetch, joinUrl(baseUrl, '/api/auth/login/'), {
		method: 'POST',
		body: { username, password }
	});
	if (r.status !== 200) throw statusError(r, 'HO login');
	const tokens = await parseBody('TokenPair', r, 'HO login');
	await ctx.saveSettings({
		ho_url: baseUrl,
		ho_access: tokens.access,
		ho_refresh: tokens.refresh,
		ho_username: username,
		...(tokens.user?.company_id ? { company_id: tokens.user.company_id } : {})
	});
	markAuth(ctx, 'ok');
}

async function refresh(ctx: Ctx, base: string): Promise<boolean> {
	const s = await ctx.settings();
	if (!s.ho_refresh) return false;
	const r = await requestJson(ctx.fetch, joinUrl(base, '/api/auth/refresh/'), {
		method: 'POST',
		body: { refresh: s.ho_refresh }
	});
	if (r.status !== 200) return false;
	const t = await parseBody('RefreshResponse', r, 'HO token refresh');
	await ctx.saveSettings({ ho_access: t.access, ho_refresh: t.refresh });
	return true;
}

/**
 * The settings one series of requests uses (a master pull's pages), read once instead of per request: a read of the
 * settings store queues behind a products page's write on the browser's IndexedDB sequence (55-126 ms a page, traced),
 * and the next page's request would leave only after it. Refreshed in place when a request refreshes the token.
 */
export interface HoSession {
	settings: AllSettings;
}

/** A GET (or other) on the HO with the stored token (or the `session`'s); refreshes once on 401. */
export async function hoRequest<K extends WireName>(
	ctx: Ctx,
	path: string,
	schema: K,
	opts: RequestOptions & { session?: HoSession } = {}
): Promise<WireOut<K>> {
	const { session, ...request } = opts;
	const base = session ? session.settings.ho_url || ctx.origin : await hoBase(ctx);
	const send = async (stored: boolean) => {
		const s = session && !stored ? session.settings : await ctx.settings();
		if (session) session.settings = s;
		if (!s.ho_access && !s.ho_refresh)
			throw new NetError(
				'not_configured',
				'Not logged in to the head office: log in on the setup page (HO URL, username, password).'
			);
		return requestJson(ctx.fetch, joinUrl(base, path), {
			...request,
			headers: { ...request.headers, Authorization: `Bearer ${s.ho_access}` }
		});
	};
	let r = await send(false);
	if (r.status === 401) {
		if (await refresh(ctx, base)) r = await send(true);
		if (r.status === 401) {
			markAuth(ctx, 'unauthorized');
			throw new NetError(
				'unauthorized',
				'The head office refused the login (session expired): log in again on the setup page.',
				401
			);
		}
	}
	if (r.status < 200 || r.status >= 300) throw statusError(r, `HO ${path.split('?')[0]}`);
	markAuth(ctx, 'ok');
	const t = performance.now();
	const out = await parseBody(schema, r, `HO ${path.split('?')[0]}`);
	// The HO pull's timeline (bench/first-sync-profile.ts reads it): validation is the part of a fetch the floor skips.
	performance.measure('kasir:ho:parse', { start: t });
	return out;
}
