// A small HO client for the contract tests: login, authorised JSON calls, full pulls by checkpoint.
import type { MasterEntity } from '../../src/lib/contract/ho.ts';
import type { TestServer } from '../helpers/server.ts';

export const JKT_STORE_CODE = 'JKT-001';

export interface Json {
	status: number;
	body: Record<string, unknown> & { status?: string; message?: string; data?: Record<string, unknown> };
	headers: Headers;
}

export async function call(
	server: TestServer,
	path: string,
	init: RequestInit & { token?: string; json?: unknown } = {}
): Promise<Json> {
	const headers = new Headers(init.headers);
	if (init.token) headers.set('authorization', `Bearer ${init.token}`);
	let body = init.body;
	if (init.json !== undefined) {
		headers.set('content-type', 'application/json');
		body = JSON.stringify(init.json);
	}
	const res = await fetch(`${server.url}${path}`, { ...init, headers, body });
	const text = await res.text();
	let parsed: Json['body'];
	try {
		parsed = JSON.parse(text) as Json['body'];
	} catch {
		throw new Error(
			`${init.method ?? 'GET'} ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`
		);
	}
	return { status: res.status, body: parsed, headers: res.headers };
}

export async function login(server: TestServer, username = 'demo', password = 'demo1234') {
	const r = await call(server, '/api/auth/login/', { method: 'POST', json: { username, password } });
	if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
	return r.body as unknown as {
		access: string;
		refresh: string;
		user: { company_id: string; username: string };
	};
}

export interface Session {
	token: string;
	companyId: string;
	jktStoreId: string;
}

export async function session(server: TestServer): Promise<Session> {
	const { access } = await login(server);
	const companies = await call(server, '/api/sync/companies/', { token: access });
	const company = (companies.body.data?.companies as { id: string }[])[0];
	if (!company) throw new Error('no company');
	const stores = await pullAll(server, access, 'stores', company.id);
	const jkt = stores.rows.find((s) => s.code === JKT_STORE_CODE);
	if (!jkt) throw new Error('no JKT-001');
	return { token: access, companyId: company.id, jktStoreId: String(jkt.id) };
}

export type Row = Record<string, unknown> & { id: string };

/** Pulls every page of an entity from a checkpoint; returns the rows in order and the last checkpoint. */
export async function pullAll(
	server: TestServer,
	token: string,
	entity: MasterEntity,
	companyId: string,
	opts: { limit?: number; since?: string | null } = {}
) {
	const rows: Row[] = [];
	let since = opts.since ?? null;
	let pages = 0;
	for (;;) {
		const q = new URLSearchParams({ company_id: companyId, limit: String(opts.limit ?? 500) });
		if (since) q.set('since', since);
		const r = await call(server, `/api/sync/${entity}/?${q}`, { token });
		if (r.status !== 200) throw new Error(`${entity} page failed: ${r.status} ${JSON.stringify(r.body)}`);
		const data = r.body.data as { checkpoint: string | null; has_more: boolean } & Record<string, Row[]>;
		rows.push(...(data[entity] ?? []));
		since = data.checkpoint;
		pages++;
		if (!data.has_more) return { rows, checkpoint: since, pages };
		if (pages > 10_000) throw new Error('paging does not end');
	}
}
