// Why: the cloud API client: the seed's auth headers, 401 → `unauthorized`, 429 → wait `retry_after`; bodies validated.
import type { AllSettings } from '../../src/lib/settings/store';
import type { Ctx } from '../context';
import { NetError } from '../net/errors';
import { joinUrl, parseBody, requestJson, statusError, type RequestOptions } from '../net/http';
import type { WireName, WireOut } from '../net/wire';

export interface CloudConn {
	base: string;
	outletId: string;
	headers: Record<string, string>;
}

export function cloudConfigured(s: AllSettings): boolean {
	return Boolean(s.cloud_api_key && s.outlet_id);
}

export async function cloudConn(ctx: Ctx): Promise<CloudConn> {
	const s = await ctx.settings();
	if (!cloudConfigured(s))
		throw new NetError(
			'not_configured',
			'The cloud is not configured: set the outlet (store) and its cloud API key on the setup page.'
		);
	return {
		base: s.cloud_url || ctx.origin,
		outletId: s.outlet_id,
		headers: {
			Authorization: `Bearer ${s.cloud_api_key}`,
			'X-Outlet-ID': s.outlet_id,
			'X-Outlet-Code': s.outlet_code
		}
	};
}

export function outletPath(c: CloudConn, rest: string): string {
	return joinUrl(c.base, `/api/v1/outlets/${encodeURIComponent(c.outletId)}${rest}`);
}

function note(ctx: Ctx, e: NetError): NetError {
	if (e.code === 'unauthorized' && ctx.flags.cloudAuth !== 'unauthorized') {
		ctx.flags.cloudAuth = 'unauthorized';
		ctx.changed();
	}
	if (e.code === 'rate_limited') {
		ctx.flags.rateLimitedUntil = Date.now() + e.retryAfter * 1000;
		ctx.changed();
	}
	return e;
}

export async function cloudRequest<K extends WireName>(
	ctx: Ctx,
	rest: string,
	schema: K,
	opts: RequestOptions = {}
): Promise<WireOut<K>> {
	const c = await cloudConn(ctx);
	const wait = ctx.flags.rateLimitedUntil - Date.now();
	if (wait > 0) throw new NetError('rate_limited', 'Cloud rate limit: waiting', 429, Math.ceil(wait / 1000));
	const r = await requestJson(ctx.fetch, outletPath(c, rest), {
		...opts,
		headers: { ...c.headers, ...opts.headers }
	});
	if (r.status < 200 || r.status >= 300) throw note(ctx, statusError(r, `cloud ${rest.split('?')[0]}`));
	if (ctx.flags.cloudAuth !== 'ok') {
		ctx.flags.cloudAuth = 'ok';
		ctx.changed();
	}
	return parseBody(schema, r, `cloud ${rest.split('?')[0]}`);
}
