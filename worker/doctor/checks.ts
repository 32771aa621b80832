// Why: the connection doctor's one implementation (worker and command line): every HO/cloud endpoint and the transport under them, each answered with a code and figures.
import type { z } from 'zod';
import {
	MASTER_ENTITIES,
	MASTER_PAGES,
	MessageResponse,
	PhotoListResponse,
	RefreshResponse,
	TokenPair,
	isUuid,
	type MasterEntity
} from '../../src/lib/contract/ho';
import {
	BatchResponse,
	ConflictListResponse,
	DailySummaryResponse,
	PushResponse,
	SignedEventData,
	SyncStatusResponse,
	UpdatesResponse
} from '../../src/lib/contract/cloud';
import { eventKey, verifyEvent } from '../cloud/signature';
import { SseParser } from '../cloud/sse';
import type { CheckGroup, CheckStatus, DoctorCheck, DoctorCode, DoctorReport } from './types';

/** What the browser cannot do is left out; Node fills these in. */
export interface DoctorEdges {
	fetch: typeof fetch;
	now: () => number;
	md5: (bytes: ArrayBuffer) => string;
	/** Resolves a host name to addresses (node:dns). */
	dns?: (host: string) => Promise<string[]>;
	/** Reads the server certificate (node:tls). */
	tls?: (host: string, port: number) => Promise<{ validTo: string; hostnameError: string | null }>;
	/** Node has no CORS: send a preflight as a browser would. */
	preflight?: boolean;
	runner: 'cli' | 'browser';
}

export interface DoctorInput {
	hoUrl: string;
	/** Password login (command line, setup wizard) or the device's saved access token (settings). */
	auth: { username: string; password: string } | { access: string };
	/** Defaults to the login's company, else the first company listed. */
	companyId?: string;
	/** Store code or id for photos and the cloud outlet; defaults to the first store. */
	store?: string;
	cloud?: { url: string; key: string; outletId?: string; outletCode?: string };
	/** The PWA's origin, for the CORS check. */
	appOrigin?: string;
	/** Push and batch store data: only with this set. */
	write?: boolean;
	streamTimeoutMs?: number;
	timeoutMs?: number;
}

interface Sent {
	url: string;
	ms: number;
	start: number;
	/** Set when something came back. */
	res?: {
		status: number;
		headers: Headers;
		bytes: ArrayBuffer;
		text: string;
		redirected: boolean;
		url: string;
	};
	error?: string;
	timedOut?: boolean;
}

export type Finding = { status: CheckStatus; code: DoctorCode; params?: Record<string, string | number> };

const snippet = (s: string, n = 160) => {
	const one = s.replace(/\s+/g, ' ').trim();
	return one.length > n ? `${one.slice(0, n)}…` : one || '(empty)';
};

function join(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}${path}`;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

/** `['data','products',3,'price']` → `products[3].price` (the envelope's `data` is left out). */
export function fieldPath(path: readonly PropertyKey[]): string {
	const p = path[0] === 'data' ? path.slice(1) : path;
	let out = '';
	for (const k of p) {
		if (typeof k === 'number') out += `[${k}]`;
		else out += out === '' ? String(k) : `.${String(k)}`;
	}
	return out || '(body)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
	let v: unknown = root;
	for (const k of path) {
		if (Array.isArray(v) && typeof k === 'number') v = v[k];
		else if (isRecord(v) && typeof k === 'string') v = v[k];
		else return undefined;
	}
	return v;
}

/** The first way a body breaks its schema, in the doctor's words. */
export function schemaFinding(schema: z.ZodType, body: unknown): Finding | null {
	const r = schema.safeParse(body);
	if (r.success) return null;
	const issue = r.error.issues[0];
	if (!issue) return null;
	const path = fieldPath(issue.path);
	const got = valueAt(body, issue.path);
	if (issue.code === 'invalid_type') {
		if (got === undefined) return { status: 'fail', code: 'schema_missing', params: { path } };
		return {
			status: 'fail',
			code: 'schema_type',
			params: { path, got: typeName(got), expected: issue.expected }
		};
	}
	return { status: 'fail', code: 'schema_other', params: { path, message: issue.message } };
}

/** A non-2xx answer in the doctor's words: 404 missing, 400 with the parameter the server wants, 5xx with its body. */
export function statusFinding(status: number, text: string, url?: string): Finding {
	const body = parseJson(text);
	const message =
		isRecord(body) && typeof body.message === 'string'
			? body.message
			: isRecord(body) && typeof body.error === 'string'
				? body.error
				: snippet(text);
	if (status === 400) {
		const missing = /^`?(\w+)`? (?:is required|is missing|required)/i.exec(message);
		if (missing?.[1])
			return {
				status: 'fail',
				code: 'http_400_missing',
				params: { param: missing[1], sent: sentParams(url), message }
			};
		const invalid = /^`?(\w+)`? (must .+|is not .+|is invalid.*)$/i.exec(message);
		if (invalid?.[1] && invalid[2])
			return { status: 'fail', code: 'http_400_invalid', params: { param: invalid[1], rule: invalid[2] } };
		return { status: 'fail', code: 'http_400', params: { message } };
	}
	if (status === 401) return { status: 'fail', code: 'http_401', params: { message } };
	if (status === 403) return { status: 'fail', code: 'http_403', params: { message } };
	if (status === 404) return { status: 'fail', code: 'http_404', params: { message } };
	if (status === 429) return { status: 'fail', code: 'http_429', params: { message } };
	if (status >= 500) return { status: 'fail', code: 'http_5xx', params: { status, body: snippet(text) } };
	return { status: 'fail', code: 'http_status', params: { status, body: snippet(text) } };
}

/** What we sent that the server may be rejecting: the query parameters other than paging ones, else the body. */
function sentParams(url: string | undefined): string {
	let names: string[] = [];
	try {
		names = url
			? [...new URL(url).searchParams.keys()].filter((k) => !['limit', 'since', 'offset'].includes(k))
			: [];
	} catch {
		names = [];
	}
	return names.length > 0 ? names.join(', ') : 'body';
}

function noAnswer(s: Sent, timeoutMs: number): Finding {
	if (s.timedOut) return { status: 'fail', code: 'timeout', params: { ms: timeoutMs } };
	return { status: 'fail', code: 'network', params: { message: s.error ?? 'no answer' } };
}

class Doctor {
	readonly checks: DoctorCheck[] = [];
	readonly calls: Sent[] = [];
	readonly timeoutMs: number;

	constructor(
		readonly edges: DoctorEdges,
		timeoutMs: number
	) {
		this.timeoutMs = timeoutMs;
	}

	add(
		id: string,
		group: CheckGroup,
		target: string,
		f: Finding,
		ms: number | null,
		required = true
	): DoctorCheck {
		const c: DoctorCheck = {
			id,
			group,
			target,
			status: f.status,
			code: f.code,
			params: f.params ?? {},
			ms: ms === null ? null : Math.round(ms),
			required
		};
		this.checks.push(c);
		return c;
	}

	async send(
		url: string,
		init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}
	): Promise<Sent> {
		const start = this.edges.now();
		const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
		if (init.json !== undefined) headers['Content-Type'] = 'application/json';
		const sent: Sent = { url, ms: 0, start };
		try {
			const res = await this.edges.fetch(url, {
				method: init.method ?? 'GET',
				headers,
				body: init.json === undefined ? undefined : JSON.stringify(init.json),
				signal: AbortSignal.timeout(this.timeoutMs)
			});
			const bytes = await res.arrayBuffer();
			sent.res = {
				status: res.status,
				headers: res.headers,
				bytes,
				text: new TextDecoder().decode(bytes),
				redirected: res.redirected,
				url: res.url
			};
		} catch (e) {
			const name = e instanceof Error ? e.name : '';
			sent.timedOut = name === 'TimeoutError' || name === 'AbortError';
			sent.error = e instanceof Error ? `${e.message}${causeText(e)}` : String(e);
		}
		sent.ms = this.edges.now() - start;
		this.calls.push(sent);
		return sent;
	}

	/** Status, then JSON, then schema: the first thing wrong, or the parsed body. */
	judge<S extends z.ZodType>(
		s: Sent,
		schema: S,
		envelope: 'ho' | 'cloud'
	): { finding: Finding; body?: z.output<S>; raw?: unknown } {
		if (!s.res) return { finding: noAnswer(s, this.timeoutMs) };
		if (s.res.status < 200 || s.res.status >= 300)
			return { finding: statusFinding(s.res.status, s.res.text, s.url) };
		const raw = parseJson(s.res.text);
		if (raw === undefined)
			return {
				finding: {
					status: 'fail',
					code: 'not_json',
					params: { status: s.res.status, body: snippet(s.res.text) }
				}
			};
		const envOk =
			isRecord(raw) &&
			(envelope === 'ho'
				? raw.status === 'success' && isRecord(raw.data)
				: raw.success === true && isRecord(raw.data));
		if (!envOk)
			return {
				finding: {
					status: 'fail',
					code: 'envelope',
					params: {
						expected: envelope === 'ho' ? '{"status":"success","data":{…}}' : '{"success":true,"data":{…}}'
					}
				},
				raw
			};
		const bad = schemaFinding(schema, raw);
		if (bad) return { finding: bad, raw };
		return { finding: { status: 'pass', code: 'ok' }, body: schema.parse(raw), raw };
	}
}

function causeText(e: Error): string {
	const cause = (e as Error & { cause?: unknown }).cause;
	if (cause instanceof Error) return ` (${cause.message})`;
	if (isRecord(cause) && typeof cause.code === 'string') return ` (${cause.code})`;
	return '';
}

const hostOf = (url: string) => {
	try {
		return new URL(url);
	} catch {
		return null;
	}
};

/** A certificate judged: the host name first, then expiry (a warning under 14 days). */
export function tlsFinding(
	cert: { validTo: string; hostnameError: string | null },
	host: string,
	now: number
): Finding {
	if (cert.hostnameError)
		return { status: 'fail', code: 'tls_hostname', params: { host, message: cert.hostnameError } };
	const until = Date.parse(cert.validTo);
	if (Number.isNaN(until))
		return {
			status: 'fail',
			code: 'tls_failed',
			params: { host, message: `unreadable expiry ${cert.validTo}` }
		};
	const days = Math.floor((until - now) / 86_400_000);
	const params = { host, until: new Date(until).toISOString().slice(0, 10), days };
	if (until < now) return { status: 'fail', code: 'tls_expired', params };
	if (days < 14) return { status: 'warn', code: 'tls_expires_soon', params };
	return { status: 'pass', code: 'ok_tls', params };
}

async function transport(d: Doctor, label: string, base: string): Promise<void> {
	const u = hostOf(base);
	if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
		d.add(
			`transport.${label}.dns`,
			'transport',
			base,
			{ status: 'fail', code: 'network', params: { message: `not an http(s) address: ${base}` } },
			null
		);
		return;
	}
	const host = u.hostname.replace(/^\[|\]$/g, '');
	if (d.edges.dns) {
		const t0 = d.edges.now();
		try {
			const addresses = await d.edges.dns(host);
			d.add(
				`transport.${label}.dns`,
				'transport',
				`DNS ${host}`,
				{ status: 'pass', code: 'ok_dns', params: { host, addresses: addresses.join(', ') } },
				d.edges.now() - t0
			);
		} catch (e) {
			d.add(
				`transport.${label}.dns`,
				'transport',
				`DNS ${host}`,
				{
					status: 'fail',
					code: 'dns_failed',
					params: { host, message: e instanceof Error ? e.message : String(e) }
				},
				d.edges.now() - t0
			);
		}
	} else {
		d.add(
			`transport.${label}.dns`,
			'transport',
			`DNS ${host}`,
			{ status: 'skip', code: 'browser_not_checkable' },
			null,
			false
		);
	}
	if (u.protocol !== 'https:') {
		d.add(
			`transport.${label}.tls`,
			'transport',
			`TLS ${host}`,
			{ status: 'skip', code: 'tls_plain_http' },
			null,
			false
		);
	} else if (d.edges.tls) {
		const t0 = d.edges.now();
		try {
			const cert = await d.edges.tls(host, Number(u.port || 443));
			const f = tlsFinding(cert, host, d.edges.now());
			d.add(`transport.${label}.tls`, 'transport', `TLS ${host}`, f, d.edges.now() - t0);
		} catch (e) {
			d.add(
				`transport.${label}.tls`,
				'transport',
				`TLS ${host}`,
				{
					status: 'fail',
					code: 'tls_failed',
					params: { host, message: e instanceof Error ? e.message : String(e) }
				},
				d.edges.now() - t0
			);
		}
	} else {
		d.add(
			`transport.${label}.tls`,
			'transport',
			`TLS ${host}`,
			{ status: 'skip', code: 'browser_not_checkable' },
			null,
			false
		);
	}
}

async function corsCheck(
	d: Doctor,
	label: string,
	base: string,
	appOrigin: string | undefined,
	observed: Sent | undefined
) {
	const u = hostOf(base);
	const target = `CORS ${u?.origin ?? base}`;
	if (!appOrigin) {
		d.add(
			`transport.${label}.cors`,
			'transport',
			target,
			{ status: 'skip', code: 'cors_no_origin' },
			null,
			false
		);
		return;
	}
	if (u && u.origin === appOrigin) {
		d.add(
			`transport.${label}.cors`,
			'transport',
			target,
			{ status: 'pass', code: 'same_origin', params: { origin: appOrigin } },
			null,
			false
		);
		return;
	}
	if (!d.edges.preflight) {
		// In the browser CORS is enforced, not observable: an answer means it passed, a TypeError may be CORS or the network.
		const f: Finding = observed?.res
			? { status: 'pass', code: 'ok_cors_observed', params: { origin: appOrigin } }
			: { status: 'fail', code: 'cors_or_network', params: { origin: appOrigin } };
		d.add(`transport.${label}.cors`, 'transport', target, f, null, false);
		return;
	}
	const s = await d.send(join(base, '/api/auth/login/'), {
		method: 'OPTIONS',
		headers: {
			Origin: appOrigin,
			'Access-Control-Request-Method': 'POST',
			'Access-Control-Request-Headers': 'authorization, content-type'
		}
	});
	const allow = s.res?.headers.get('access-control-allow-origin');
	const f: Finding =
		allow === '*' || allow === appOrigin
			? { status: 'pass', code: 'ok_cors', params: { origin: appOrigin } }
			: { status: 'fail', code: 'cors_refused', params: { origin: appOrigin } };
	d.add(`transport.${label}.cors`, 'transport', target, f, s.ms, false);
}

/** Server clock against this device, from the Date header of the calls made (half the round trip is allowed for). */
function clockCheck(d: Doctor, label: string, base: string, calls: Sent[]) {
	const target = `Date ${hostOf(base)?.host ?? base}`;
	let best: { skew: number; ms: number } | null = null;
	for (const c of calls) {
		const date = c.res?.headers.get('date');
		if (!date) continue;
		const server = Date.parse(date);
		if (Number.isNaN(server)) continue;
		// Date has whole seconds: the server's second started at most 1 s before it answered.
		const mid = c.start + c.ms / 2;
		const skew = server + 500 - mid;
		if (!best || c.ms < best.ms) best = { skew, ms: c.ms };
	}
	if (!best) {
		d.add(
			`transport.${label}.clock`,
			'transport',
			target,
			{ status: 'skip', code: 'clock_no_date' },
			null,
			false
		);
		return;
	}
	const seconds = Math.round(best.skew / 1000);
	const minutes = (Math.abs(best.skew) / 60_000).toFixed(1);
	const limit = 60 + Math.ceil(best.ms / 1000);
	const f: Finding =
		Math.abs(seconds) <= limit
			? { status: 'pass', code: 'ok_clock', params: { seconds: Math.abs(seconds) } }
			: { status: 'fail', code: seconds > 0 ? 'clock_ahead' : 'clock_behind', params: { minutes, seconds } };
	d.add(`transport.${label}.clock`, 'transport', target, f, null);
}

function redirectCheck(d: Doctor, label: string, base: string, calls: Sent[]) {
	const target = `Redirects ${hostOf(base)?.host ?? base}`;
	const r = calls.find((c) => c.res?.redirected);
	const f: Finding = r?.res
		? { status: 'warn', code: 'redirected', params: { from: r.url, to: r.res.url } }
		: { status: 'pass', code: 'ok_no_redirect' };
	d.add(`transport.${label}.redirects`, 'transport', target, f, null, false);
}

function latencyCheck(d: Doctor, label: string, base: string, calls: Sent[]) {
	const ms = calls
		.filter((c) => c.res)
		.map((c) => c.ms)
		.sort((a, b) => a - b);
	if (ms.length === 0) return;
	const median = Math.round(ms[Math.floor(ms.length / 2)] ?? 0);
	const max = Math.round(ms[ms.length - 1] ?? 0);
	const f: Finding =
		median > 2000
			? { status: 'warn', code: 'slow', params: { median, max, calls: ms.length } }
			: { status: 'pass', code: 'ok_latency', params: { median, max, calls: ms.length } };
	d.add(`transport.${label}.latency`, 'transport', `Latency ${hostOf(base)?.host ?? base}`, f, median, false);
}

type Row = Record<string, unknown> & { id: string };

async function masterChecks(d: Doctor, base: string, token: string, companyId: string) {
	const auth = { Authorization: `Bearer ${token}` };
	const lists: Partial<Record<MasterEntity, Row[]>> = {};
	for (const entity of MASTER_ENTITIES) {
		const path = `/api/sync/${entity}/`;
		const target = `GET ${path}`;
		const schema: z.ZodType = MASTER_PAGES[entity];
		const rows: Row[] = [];
		let since: string | null = null;
		let finding: Finding = { status: 'pass', code: 'ok' };
		let ms = 0;
		for (let page = 0; page < 50; page++) {
			const q = new URLSearchParams({ company_id: companyId, limit: '1000' });
			if (since) q.set('since', since);
			const s = await d.send(join(base, `${path}?${q}`), { headers: auth });
			ms += s.ms;
			const j = d.judge(s, schema, 'ho');
			if (j.finding.status !== 'pass' || !isRecord(j.body) || !isRecord(j.body.data)) {
				finding = j.finding;
				break;
			}
			const data = j.body.data;
			const pageRows = (data[entity] as Row[] | undefined) ?? [];
			rows.push(...pageRows);
			if (data.has_more !== true || pageRows.length === 0) break;
			since = typeof data.checkpoint === 'string' ? data.checkpoint : null;
		}
		if (finding.status === 'pass') {
			const tomb = rows.filter((r) => r.is_deleted === true).length;
			finding = { status: 'pass', code: 'ok_rows', params: { rows: rows.length, deleted: tomb } };
			lists[entity] = rows;
		}
		d.add(`ho.${entity}`, 'ho', target, finding, ms);
		if (finding.status !== 'pass') {
			d.add(
				`ho.${entity}.paging`,
				'ho',
				`${target} paging`,
				{ status: 'skip', code: 'blocked', params: { by: target } },
				null,
				false
			);
			continue;
		}
		await pagingCheck(d, base, auth, companyId, entity, rows);
	}
	return lists;
}

async function pagingCheck(
	d: Doctor,
	base: string,
	auth: Record<string, string>,
	companyId: string,
	entity: MasterEntity,
	all: Row[]
) {
	const path = `/api/sync/${entity}/`;
	const target = `GET ${path} paging`;
	const id = `ho.${entity}.paging`;
	if (all.length < 2) {
		d.add(
			id,
			'ho',
			target,
			{ status: 'skip', code: 'paging_too_few', params: { rows: all.length } },
			null,
			false
		);
		return;
	}
	const limit = Math.max(1, Math.min(50, Math.floor(all.length / 2)));
	const schema: z.ZodType = MASTER_PAGES[entity];
	const pageOf = async (since: string | null) => {
		const q = new URLSearchParams({ company_id: companyId, limit: String(limit) });
		if (since) q.set('since', since);
		const s = await d.send(join(base, `${path}?${q}`), { headers: auth });
		const j = d.judge(s, schema, 'ho');
		const data = isRecord(j.body) && isRecord(j.body.data) ? j.body.data : null;
		return {
			s,
			finding: j.finding,
			rows: ((data?.[entity] as Row[] | undefined) ?? []).map((r) => r.id),
			checkpoint: typeof data?.checkpoint === 'string' ? data.checkpoint : null,
			hasMore: data?.has_more === true
		};
	};
	const p1 = await pageOf(null);
	if (p1.finding.status !== 'pass') {
		d.add(id, 'ho', target, p1.finding, p1.s.ms);
		return;
	}
	if (p1.rows.length > limit) {
		d.add(
			id,
			'ho',
			target,
			{ status: 'fail', code: 'paging_limit', params: { limit, rows: p1.rows.length } },
			p1.s.ms
		);
		return;
	}
	if (!p1.hasMore) {
		d.add(
			id,
			'ho',
			target,
			{ status: 'fail', code: 'paging_has_more', params: { limit, rows: all.length } },
			p1.s.ms
		);
		return;
	}
	const p2 = await pageOf(p1.checkpoint);
	const ms = p1.s.ms + p2.s.ms;
	if (p2.finding.status !== 'pass') {
		d.add(id, 'ho', target, p2.finding, ms);
		return;
	}
	const first = new Set(p1.rows);
	const repeats = p2.rows.filter((r) => first.has(r)).length;
	if (repeats > 0) {
		d.add(id, 'ho', target, { status: 'fail', code: 'paging_repeats', params: { n: repeats } }, ms);
		return;
	}
	const expected = all.slice(p1.rows.length, p1.rows.length + limit).map((r) => r.id);
	const got = new Set(p2.rows);
	const skipped = expected.filter((r) => !got.has(r)).length;
	if (skipped > 0) {
		d.add(id, 'ho', target, { status: 'fail', code: 'paging_skips', params: { n: skipped } }, ms);
		return;
	}
	d.add(
		id,
		'ho',
		target,
		{ status: 'pass', code: 'ok_paging', params: { a: p1.rows.length, b: p2.rows.length, limit } },
		ms,
		false
	);
}

async function supportsDryRun(d: Doctor, base: string): Promise<boolean> {
	const s = await d.send(join(base, '/api/openapi.json'));
	if (!s.res || s.res.status !== 200) return false;
	const doc = parseJson(s.res.text);
	const paths = isRecord(doc) && isRecord(doc.paths) ? doc.paths : {};
	const route = paths['/api/v1/sync/product-photos/status/'];
	const post = isRecord(route) && isRecord(route.post) ? route.post : null;
	const params = post && Array.isArray(post.parameters) ? post.parameters : [];
	return params.some((p) => isRecord(p) && p.name === 'dry_run' && p.in === 'query');
}

async function photoChecks(d: Doctor, base: string, token: string, storeId: string | null, noStore: Finding) {
	const auth = { Authorization: `Bearer ${token}` };
	const listPath = '/api/v1/sync/product-photos/';
	const dl = 'GET /api/v1/sync/product-photos/{id}/download/';
	const st = 'POST /api/v1/sync/product-photos/status/?dry_run=true';
	if (!storeId) {
		const failed = noStore.status === 'fail';
		const by: Finding = failed
			? { status: 'skip', code: 'blocked', params: { by: `GET ${listPath}` } }
			: noStore;
		d.add('ho.photos', 'ho', `GET ${listPath}`, noStore, null, failed);
		d.add('ho.photos.download', 'ho', dl, by, null, false);
		d.add('ho.photos.status', 'ho', st, by, null, false);
		return;
	}
	const s = await d.send(
		join(base, `${listPath}?${new URLSearchParams({ store_id: storeId, limit: '5' })}`),
		{ headers: auth }
	);
	const j = d.judge(s, PhotoListResponse, 'ho');
	const photos = j.body?.data.photos ?? [];
	d.add(
		'ho.photos',
		'ho',
		`GET ${listPath}`,
		j.finding.status === 'pass'
			? { status: 'pass', code: 'ok_photos', params: { rows: photos.length, total: j.body?.data.total ?? 0 } }
			: j.finding,
		s.ms
	);
	// A schema fault in one row should not hide the download check: take the first row that has an id and a checksum.
	const rawRows = valueAt(j.raw, ['data', 'photos']);
	const candidates: { id: string; checksum: string; is_deleted?: unknown }[] =
		j.finding.status === 'pass'
			? photos
			: Array.isArray(rawRows)
				? rawRows.flatMap((r: unknown) =>
						isRecord(r) && typeof r.id === 'string' && typeof r.checksum === 'string'
							? [{ id: r.id, checksum: r.checksum, is_deleted: r.is_deleted }]
							: []
					)
				: [];
	const photo = candidates.find((p) => p.is_deleted !== true);
	if (!photo) {
		const f: Finding =
			j.finding.status !== 'pass'
				? { status: 'skip', code: 'blocked', params: { by: `GET ${listPath}` } }
				: { status: 'skip', code: 'no_photos' };
		d.add('ho.photos.download', 'ho', dl, f, null, false);
		d.add('ho.photos.status', 'ho', st, f, null, false);
		return;
	}
	const dls = await d.send(
		join(
			base,
			`/api/v1/sync/product-photos/${encodeURIComponent(photo.id)}/download/?store_id=${encodeURIComponent(storeId)}`
		),
		{ headers: { ...auth, Accept: '*/*' } }
	);
	let f: Finding;
	if (!dls.res) f = noAnswer(dls, d.timeoutMs);
	else if (dls.res.status !== 200) f = statusFinding(dls.res.status, dls.res.text, dls.url);
	else {
		const actual = d.edges.md5(dls.res.bytes);
		const header = dls.res.headers.get('x-checksum');
		const norm = (v: string) => v.trim().replace(/^"|"$/g, '').toLowerCase();
		const version = dls.res.headers.get('x-version');
		if (!header || norm(header) !== actual)
			f = { status: 'fail', code: 'checksum_mismatch', params: { header: header ?? '(none)', actual } };
		else if (norm(photo.checksum) !== actual)
			f = { status: 'fail', code: 'checksum_list_mismatch', params: { list: photo.checksum, actual } };
		else if (!version) f = { status: 'fail', code: 'version_missing' };
		else f = { status: 'pass', code: 'ok_checksum', params: { bytes: dls.res.bytes.byteLength, version } };
	}
	d.add('ho.photos.download', 'ho', dl, f, dls.ms);

	if (!(await supportsDryRun(d, base))) {
		d.add('ho.photos.status', 'ho', st, { status: 'skip', code: 'dry_run_unsupported' }, null, false);
		return;
	}
	const ss = await d.send(join(base, '/api/v1/sync/product-photos/status/?dry_run=true'), {
		method: 'POST',
		headers: auth,
		json: {
			store_id: storeId,
			sync_batch: [
				{
					photo_id: photo.id,
					status: 'synced',
					synced_at: new Date(d.edges.now()).toISOString(),
					error: null
				}
			]
		}
	});
	let sf: Finding;
	if (!ss.res) sf = noAnswer(ss, d.timeoutMs);
	else if (ss.res.status !== 200) sf = statusFinding(ss.res.status, ss.res.text, ss.url);
	else {
		const raw = parseJson(ss.res.text);
		sf = schemaFinding(MessageResponse, raw) ?? {
			status: 'pass',
			code: 'ok_dry_run',
			params: { message: isRecord(raw) ? String(raw.message) : '' }
		};
		if (sf.status === 'pass' && !(isRecord(raw) && raw.dry_run === true))
			sf = { status: 'fail', code: 'dry_run_ignored' };
	}
	d.add('ho.photos.status', 'ho', st, sf, ss.ms);
}

async function streamCheck(
	d: Doctor,
	url: string,
	headers: Record<string, string>,
	key: string,
	timeoutMs: number
): Promise<{ finding: Finding; ms: number; sent?: Sent }> {
	const t0 = d.edges.now();
	const ctrl = new AbortController();
	const timer = setTimeout(() => ctrl.abort(), timeoutMs);
	let keepAlive = false;
	let grace: ReturnType<typeof setTimeout> | undefined;
	try {
		const res = await d.edges.fetch(url, {
			headers: { ...headers, Accept: 'text/event-stream', 'Last-Event-ID': '0' },
			signal: ctrl.signal
		});
		const sent: Sent = {
			url,
			start: t0,
			ms: d.edges.now() - t0,
			res: {
				status: res.status,
				headers: res.headers,
				bytes: new ArrayBuffer(0),
				text: '',
				redirected: res.redirected,
				url: res.url
			}
		};
		d.calls.push(sent);
		if (res.status !== 200) {
			const text = await res.text();
			return { finding: statusFinding(res.status, text), ms: d.edges.now() - t0 };
		}
		const type = res.headers.get('content-type') ?? '';
		if (!type.startsWith('text/event-stream') || !res.body) {
			ctrl.abort();
			return {
				finding: { status: 'fail', code: 'stream_not_sse', params: { type: type || '(none)' } },
				ms: d.edges.now() - t0
			};
		}
		const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
		const parser = new SseParser();
		const cryptoKey = await eventKey(key);
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			if (!keepAlive && /(^|\n):/.test(value)) {
				keepAlive = true;
				// After a keep-alive, give a replayed message a moment to follow, then settle for the keep-alive.
				grace = setTimeout(() => ctrl.abort(), 1500);
			}
			for (const m of parser.push(value)) {
				const data = SignedEventData.safeParse(parseJson(m.data));
				const ok =
					data.success &&
					m.id !== null &&
					(await verifyEvent(cryptoKey, m.id, JSON.stringify(data.data.payload), data.data.signature));
				ctrl.abort();
				return {
					finding: ok
						? { status: 'pass', code: 'ok_stream_message', params: { id: m.id ?? '', event: m.event } }
						: { status: 'fail', code: 'stream_bad_signature', params: { id: m.id ?? '?' } },
					ms: d.edges.now() - t0
				};
			}
		}
		ctrl.abort();
		return {
			finding: keepAlive
				? { status: 'pass', code: 'ok_stream_keepalive' }
				: { status: 'fail', code: 'stream_silent', params: { ms: timeoutMs } },
			ms: d.edges.now() - t0
		};
	} catch (e) {
		const ms = d.edges.now() - t0;
		if (ctrl.signal.aborted)
			return {
				finding: keepAlive
					? { status: 'pass', code: 'ok_stream_keepalive' }
					: { status: 'fail', code: 'stream_silent', params: { ms: timeoutMs } },
				ms
			};
		return {
			finding: {
				status: 'fail',
				code: 'network',
				params: { message: e instanceof Error ? e.message : String(e) }
			},
			ms
		};
	} finally {
		clearTimeout(timer);
		clearTimeout(grace);
	}
}

async function cloudChecks(
	d: Doctor,
	c: NonNullable<DoctorInput['cloud']>,
	outlet: { id: string; code: string } | null,
	write: boolean,
	streamTimeoutMs: number,
	noOutlet: Finding
) {
	const baseTarget = '/api/v1/outlets/{id}';
	const names = {
		status: `GET ${baseTarget}/sync/status`,
		updates: `GET ${baseTarget}/updates?since`,
		events: `GET ${baseTarget}/events`,
		conflicts: `GET ${baseTarget}/conflicts`,
		analytics: `GET ${baseTarget}/analytics/daily`,
		push: `POST ${baseTarget}/orders`,
		batch: `POST ${baseTarget}/sync/batch`
	};
	if (!outlet) {
		for (const [k, target] of Object.entries(names))
			d.add(
				`cloud.${k}`,
				'cloud',
				target,
				k === 'status' || noOutlet.status !== 'fail'
					? noOutlet
					: { status: 'skip', code: 'blocked', params: { by: names.status } },
				null,
				k === 'status' && noOutlet.status === 'fail'
			);
		return;
	}
	const base = join(c.url, `/api/v1/outlets/${encodeURIComponent(outlet.id)}`);
	const headers = {
		Authorization: `Bearer ${c.key}`,
		'X-Outlet-ID': outlet.id,
		'X-Outlet-Code': outlet.code
	};
	const get = async (id: keyof typeof names, path: string, schema: z.ZodType, notFound?: Finding) => {
		const s = await d.send(`${base}${path}`, { headers });
		if (notFound && s.res?.status === 404) {
			d.add(`cloud.${id}`, 'cloud', names[id], notFound, s.ms);
			return false;
		}
		const j = d.judge(s, schema, 'cloud');
		d.add(`cloud.${id}`, 'cloud', names[id], j.finding, s.ms);
		return j.finding.status === 'pass';
	};
	const authOk = await get('status', '/sync/status', SyncStatusResponse);
	if (!authOk && d.checks.at(-1)?.code.startsWith('http_40')) {
		for (const k of ['updates', 'events', 'conflicts', 'analytics', 'push', 'batch'] as const)
			d.add(
				`cloud.${k}`,
				'cloud',
				names[k],
				{ status: 'skip', code: 'blocked', params: { by: names.status } },
				null,
				false
			);
		return;
	}
	const since = new Date(d.edges.now() - 86_400_000).toISOString();
	await get('updates', `/updates?since=${encodeURIComponent(since)}&limit=100`, UpdatesResponse);
	const ev = await streamCheck(d, `${base}/events`, headers, c.key, streamTimeoutMs);
	d.add('cloud.events', 'cloud', names.events, ev.finding, ev.ms);
	await get('conflicts', '/conflicts?status=all', ConflictListResponse);
	const today = new Date(d.edges.now()).toISOString().slice(0, 10);
	await get('analytics', `/analytics/daily?date=${today}`, DailySummaryResponse, {
		status: 'pass',
		code: 'ok_analytics_none',
		params: { date: today }
	});
	if (!write) {
		const code = d.edges.runner === 'cli' ? 'write_off' : 'write_off_app';
		d.add('cloud.push', 'cloud', names.push, { status: 'skip', code }, null, false);
		d.add('cloud.batch', 'cloud', names.batch, { status: 'skip', code }, null, false);
		return;
	}
	const now = new Date(d.edges.now()).toISOString();
	const localId = `DOCTOR-TEST-${now.replace(/\D/g, '').slice(0, 14)}`;
	const order = {
		local_id: localId,
		outlet_id: outlet.id,
		outlet_code: outlet.code,
		table_number: null,
		customer_name: 'Kasir doctor test order - ignore',
		pax: 0,
		total_amount: 0,
		status: 'void',
		items: [],
		version: 1,
		created_at: now,
		updated_at: now
	};
	const ps = await d.send(`${base}/orders`, { method: 'POST', headers, json: order });
	const pj = d.judge(ps, PushResponse, 'cloud');
	d.add(
		'cloud.push',
		'cloud',
		names.push,
		pj.finding.status === 'pass'
			? { status: 'pass', code: 'ok_written', params: { local_id: localId } }
			: pj.finding,
		ps.ms
	);
	const bs = await d.send(`${base}/sync/batch`, {
		method: 'POST',
		headers,
		json: {
			outlet_id: outlet.id,
			outlet_code: outlet.code,
			sync_timestamp: now,
			items: [{ entity_type: 'order', operation: 'update', data: { ...order, version: 2 } }]
		}
	});
	const bj = d.judge(bs, BatchResponse, 'cloud');
	d.add(
		'cloud.batch',
		'cloud',
		names.batch,
		bj.finding.status === 'pass'
			? { status: 'pass', code: 'ok_written', params: { local_id: localId } }
			: bj.finding,
		bs.ms
	);
}

/** Runs every check; never throws (a check that cannot run says why). */
export async function runDoctor(input: DoctorInput, edges: DoctorEdges): Promise<DoctorReport> {
	const t0 = edges.now();
	const d = new Doctor(edges, input.timeoutMs ?? 15_000);
	const ho = input.hoUrl.replace(/\/+$/, '');

	await transport(d, 'ho', ho);

	// Login and refresh.
	let token: string | null = null;
	let companyId = input.companyId ?? '';
	let loginCall: Sent | undefined;
	if ('password' in input.auth) {
		const s = await d.send(join(ho, '/api/auth/login/'), {
			method: 'POST',
			json: { username: input.auth.username, password: input.auth.password }
		});
		loginCall = s;
		let f: Finding;
		let refreshToken: string | null = null;
		if (!s.res) f = noAnswer(s, d.timeoutMs);
		else if (s.res.status !== 200) f = statusFinding(s.res.status, s.res.text);
		else {
			const raw = parseJson(s.res.text);
			f =
				raw === undefined
					? { status: 'fail', code: 'not_json', params: { status: 200, body: snippet(s.res.text) } }
					: (schemaFinding(TokenPair, raw) ?? {
							status: 'pass',
							code: 'ok_login',
							params: { user: input.auth.username }
						});
			if (f.status === 'pass') {
				const pair = TokenPair.parse(raw);
				token = pair.access;
				refreshToken = pair.refresh;
				companyId ||= pair.user?.company_id ?? '';
			}
		}
		d.add('ho.login', 'ho', 'POST /api/auth/login/', f, s.ms);
		if (refreshToken) {
			const r = await d.send(join(ho, '/api/auth/refresh/'), {
				method: 'POST',
				json: { refresh: refreshToken }
			});
			let rf: Finding;
			if (!r.res) rf = noAnswer(r, d.timeoutMs);
			else if (r.res.status !== 200) rf = statusFinding(r.res.status, r.res.text);
			else {
				const raw = parseJson(r.res.text);
				rf = schemaFinding(RefreshResponse, raw) ?? { status: 'pass', code: 'ok' };
				if (rf.status === 'pass') token = RefreshResponse.parse(raw).access;
			}
			d.add('ho.refresh', 'ho', 'POST /api/auth/refresh/', rf, r.ms);
		} else {
			d.add(
				'ho.refresh',
				'ho',
				'POST /api/auth/refresh/',
				{ status: 'skip', code: 'blocked', params: { by: 'POST /api/auth/login/' } },
				null,
				false
			);
		}
	} else {
		token = input.auth.access || null;
		d.add(
			'ho.login',
			'ho',
			'POST /api/auth/login/',
			{ status: 'skip', code: 'login_saved_session' },
			null,
			false
		);
		d.add(
			'ho.refresh',
			'ho',
			'POST /api/auth/refresh/',
			{ status: 'skip', code: 'refresh_saved_session' },
			null,
			false
		);
	}

	let storeId: string | null = null;
	let outlet: { id: string; code: string } | null = null;
	let noOutlet: Finding = { status: 'skip', code: 'blocked', params: { by: 'GET /api/sync/stores/' } };
	if (token) {
		if (!companyId) {
			const s = await d.send(join(ho, '/api/sync/companies/?limit=1'), {
				headers: { Authorization: `Bearer ${token}` }
			});
			const body = s.res ? parseJson(s.res.text) : undefined;
			const first = valueAt(body, ['data', 'companies', 0, 'id']);
			companyId = typeof first === 'string' ? first : '';
		}
		const lists = await masterChecks(d, ho, token, companyId);
		const stores = (lists.stores ?? []).filter((s) => s.is_deleted !== true);
		const want = input.store ?? input.cloud?.outletId ?? input.cloud?.outletCode;
		const store = want ? stores.find((s) => s.id === want || s.code === want) : stores[0];
		if (store) {
			storeId = store.id;
			outlet = { id: store.id, code: String(store.code) };
		} else if (want && isUuid(want)) storeId = want;
		if (!store && want && lists.stores)
			noOutlet = { status: 'fail', code: 'outlet_not_found', params: { outlet: want } };
		await photoChecks(d, ho, token, storeId, noOutlet);
	} else {
		const by = { status: 'skip' as const, code: 'blocked' as const, params: { by: 'POST /api/auth/login/' } };
		for (const e of MASTER_ENTITIES) d.add(`ho.${e}`, 'ho', `GET /api/sync/${e}/`, by, null);
		d.add('ho.photos', 'ho', 'GET /api/v1/sync/product-photos/', by, null);
		d.add('ho.photos.download', 'ho', 'GET /api/v1/sync/product-photos/{id}/download/', by, null);
		d.add('ho.photos.status', 'ho', 'POST /api/v1/sync/product-photos/status/?dry_run=true', by, null, false);
	}
	if (input.cloud?.outletId && input.cloud.outletCode)
		outlet = { id: input.cloud.outletId, code: input.cloud.outletCode };

	const hoCalls = d.calls.filter((c) => c.url.startsWith(ho));
	clockCheck(d, 'ho', ho, hoCalls);
	await corsCheck(d, 'ho', ho, input.appOrigin, loginCall ?? hoCalls[0]);
	redirectCheck(d, 'ho', ho, hoCalls);
	latencyCheck(d, 'ho', ho, hoCalls);

	let cloudUrl: string | null = null;
	if (input.cloud) {
		cloudUrl = input.cloud.url.replace(/\/+$/, '');
		const sameHost = hostOf(cloudUrl)?.origin === hostOf(ho)?.origin;
		if (!sameHost) await transport(d, 'cloud', cloudUrl);
		const before = d.calls.length;
		await cloudChecks(
			d,
			{ ...input.cloud, url: cloudUrl },
			outlet,
			input.write === true,
			input.streamTimeoutMs ?? 5000,
			noOutlet
		);
		if (!sameHost) {
			const cc = d.calls.slice(before);
			clockCheck(d, 'cloud', cloudUrl, cc);
			await corsCheck(d, 'cloud', cloudUrl, input.appOrigin, cc[0]);
			redirectCheck(d, 'cloud', cloudUrl, cc);
			latencyCheck(d, 'cloud', cloudUrl, cc);
		}
	}

	return {
		startedAt: new Date(t0).toISOString(),
		ms: Math.round(edges.now() - t0),
		hoUrl: ho,
		cloudUrl,
		runner: edges.runner,
		checks: d.checks,
		ok: !d.checks.some((c) => c.required && c.status === 'fail')
	};
}
