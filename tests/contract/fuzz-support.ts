// The fuzz suite's parts: the routes read from /api/openapi.json, hostile values, a valid base body
// per route to mutate, and the checks every answer must pass (no 5xx, no dropped connection, the
// documented error envelope, nothing of the other tenant that the request did not itself carry).
import fc from 'fast-check';
import { CloudErrorBody } from '../../src/lib/contract/cloud.ts';
import { HoErrorBody } from '../../src/lib/contract/ho.ts';
import type { TestServer } from '../helpers/server.ts';
import { authHeaders, JKT, order, transaction } from './cloud-helpers.ts';

export interface Operation {
	method: string;
	/** OpenAPI path template, e.g. /api/v1/outlets/{outlet_id}/orders */
	path: string;
	pathParams: string[];
	queryParams: string[];
	bodyType: string | null;
}

type OpenApiDoc = {
	paths: Record<
		string,
		Record<
			string,
			{
				parameters?: { name: string; in: string }[];
				requestBody?: { content?: Record<string, unknown> };
			}
		>
	>;
};

export async function readOperations(server: TestServer): Promise<Operation[]> {
	const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDoc;
	const ops: Operation[] = [];
	for (const [path, item] of Object.entries(doc.paths))
		for (const [method, op] of Object.entries(item)) {
			const params = op.parameters ?? [];
			ops.push({
				method: method.toUpperCase(),
				path,
				pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
				queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
				bodyType: Object.keys(op.requestBody?.content ?? {})[0] ?? null
			});
		}
	return ops;
}

/** Ids of the tenant under attack (the other company), none of which the attacker may read back. */
export interface Victim {
	companyId: string;
	storeId: string;
	productIds: string[];
	photoIds: string[];
}

/** Ids of the attacker's own tenant, so many requests get past auth and reach the routes' logic. */
export interface Own {
	token: string;
	storeId: string;
	productIds: string[];
	photoIds: string[];
	conflictIds: string[];
}

export const HOSTILE_STRINGS = [
	'\u0000',
	'a\u0000b',
	'\ud800',
	'x\udfffy',
	'2026-02-30T00:00:00Z',
	'2026-04-31T12:00:00Z',
	'2026-01-01T00:00:00+15:00',
	'2026-01-01T00:00:00-23:59',
	'0000-01-01T00:00:00Z',
	'0000-01-01',
	'2026-02-29',
	'2026-13-01T00:00:00Z',
	'2026-01-01T24:00:00Z',
	"' or 1=1 --",
	'"; drop table orders; --',
	'<script>alert(1)</script>',
	'../../../../etc/passwd',
	'%00',
	'${jndi:ldap://x}',
	'{{7*7}}',
	'🍜'.repeat(50),
	'x'.repeat(5000),
	'',
	' ',
	'-1',
	'1e309',
	'99999999999999999999999',
	'NaN',
	'null',
	'[]',
	'00000000-0000-0000-0000-000000000000',
	'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ'
];

const deep = (n: number, leaf: unknown = 1): unknown => {
	let v: unknown = leaf;
	for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
	return v;
};

export const hostileValue = (victimIds: string[]): fc.Arbitrary<unknown> =>
	fc.oneof(
		{ weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...victimIds) },
		{ weight: 2, arbitrary: fc.constantFrom(-1, 0, 1.5, 2 ** 31, 2 ** 53 + 1, -1e308, 1e21) },
		{ weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }) },
		{ weight: 1, arbitrary: fc.constantFrom(deep(40), deep(3000), deep(20, '\u0000')) },
		{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
		{ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
	);

/** Latin-1 printable header values (fetch refuses anything else before sending). */
export const headerValue = (victimIds: string[]) =>
	fc.oneof(
		fc.constantFrom(...victimIds, '', '-1', '99999999999999999', "' or 1=1 --", 'x'.repeat(300)),
		fc.string({
			unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)),
			maxLength: 30
		})
	);

export function baseBody(op: Operation, own: Own): unknown {
	const now = new Date().toISOString();
	const key = `${op.method} ${op.path}`;
	const o = order(JKT);
	const bodies: Record<string, unknown> = {
		'POST /api/auth/login/': { username: 'demo', password: 'not-the-password' },
		'POST /api/auth/refresh/': { refresh: 'x.y.z' },
		'POST /api/v1/sync/product-photos/status/': {
			store_id: own.storeId,
			sync_batch: [{ photo_id: own.photoIds[0], status: 'synced', synced_at: now }]
		},
		'PATCH /api/v1/admin/products/{id}': { price: 12000, reason: 'fuzz' },
		'POST /api/v1/admin/broadcasts': { title: 'fuzz', message: 'fuzz message', level: 'info' },
		'PATCH /api/v1/admin/stores/{id}/config': { tax_rate: 11 },
		'PUT /api/v1/admin/stores/{id}/config': { tax_rate: 11 },
		'POST /api/v1/admin/photos/{id}/corrupt': { count: 1 },
		'POST /api/v1/outlets/{outlet_id}/orders': o,
		'POST /api/v1/outlets/{outlet_id}/transactions': transaction(JKT, o.local_id),
		'POST /api/v1/outlets/{outlet_id}/products': {
			local_id: own.productIds[0],
			price: 21000,
			version: 1,
			updated_at: now
		},
		'POST /api/v1/outlets/{outlet_id}/sync/batch': {
			outlet_id: JKT.id,
			outlet_code: JKT.code,
			sync_timestamp: now,
			items: [
				{ entity_type: 'order', operation: 'create', data: order(JKT) },
				{ entity_type: 'transaction', operation: 'create', data: transaction(JKT, 'x') }
			]
		},
		'POST /api/v1/outlets/{outlet_id}/analytics/daily': {
			date: '2026-01-27',
			summary: {
				total_orders: 1,
				total_revenue: 1000,
				total_transactions: 1,
				payment_methods: { cash: 1 },
				top_products: [{ product_name: 'Kopi', qty_sold: 1, revenue: 1000 }],
				hourly_breakdown: [{ hour: 10, orders: 1, revenue: 1000 }]
			}
		},
		'POST /api/v1/outlets/{outlet_id}/conflicts/{conflict_id}/resolve': {
			strategy: 'cloud_wins',
			resolved_by: 'fuzz'
		}
	};
	return structuredClone(bodies[key] ?? {});
}

/** Every string path (dotted) into a JSON value, so a mutation can land at any depth. */
export function pathsOf(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
	out.push(prefix);
	if (v && typeof v === 'object')
		for (const [k, x] of Object.entries(v)) if (prefix.length < 5) pathsOf(x, [...prefix, k], out);
	return out;
}

/** Sets a value at a path; a path an earlier mutation cut (a parent became a scalar) is skipped. */
export function setAt(root: unknown, path: string[], value: unknown): unknown {
	if (!path.length) return value;
	let cur: unknown = root;
	for (const k of path.slice(0, -1)) {
		if (!cur || typeof cur !== 'object') return root;
		cur = (cur as Record<string, unknown>)[k];
	}
	if (cur && typeof cur === 'object')
		(cur as Record<string, unknown>)[path[path.length - 1] as string] = value;
	return root;
}

export interface Request {
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string | Uint8Array | undefined;
	/** Short description for a failure report. */
	label: string;
}

export const isCloud = (path: string) => path.startsWith('/api/v1/outlets/');

export function authFor(op: Operation, own: Own): Record<string, string> {
	if (isCloud(op.path)) return authHeaders(JKT);
	return { authorization: `Bearer ${own.token}` };
}

/** Checks one answer; returns what is wrong, or null. */
export function judge(
	req: Request,
	status: number,
	type: string,
	text: string,
	victim: Victim
): string | null {
	if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
	const path = new URL(req.url).pathname;
	if (status >= 400) {
		if (!/json/.test(type)) return `answered ${status} with ${type}: ${text.slice(0, 200)}`;
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			return `answered ${status} with broken JSON: ${text.slice(0, 200)}`;
		}
		const envelope = isCloud(path) ? CloudErrorBody.safeParse(body) : HoErrorBody.safeParse(body);
		if (!envelope.success) return `answered ${status} outside the documented envelope: ${text.slice(0, 200)}`;
	}
	if (status < 300) {
		const sent = `${req.url} ${typeof req.body === 'string' ? req.body : ''}`.toLowerCase();
		const all = [victim.companyId, victim.storeId, ...victim.productIds, ...victim.photoIds];
		const lower = text.toLowerCase();
		for (const id of all)
			if (lower.includes(id.toLowerCase()) && !sent.includes(id.toLowerCase()))
				return `answered ${status} carrying the other tenant's id ${id}`;
	}
	return null;
}
