// Why: the worker's hand-written checks (quick.ts) stand in for the contract's zod schemas on the hot path; over a table
// of valid and invalid answers each must either answer exactly what zod answers, or leave the answer to zod (null), and
// only for the kinds of answer it leaves on purpose. A check loosened (a type, an enum, a key it would let through) fails.
import { describe, expect, it } from 'vitest';
import * as Schemas from './schemas';
import { QUICK } from './quick';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const product = (n: number, over: Record<string, Json> = {}): Json => ({
	cloud_id: `c-p${n}`,
	local_id: `p${n}`,
	company_id: 'co1',
	brand_id: n % 2 ? 'b1' : null,
	category_id: 'cat1',
	sku: `SKU-${n}`,
	name: `Es teh ${n}`,
	description: '',
	price: 8000 + n,
	stock: n % 2 ? null : 12,
	destination: n % 2 ? 'bar' : 'kitchen',
	is_available: true,
	modifier_group_ids: n % 2 ? [] : ['m1', 'm2'],
	version: 3,
	updated_at: '2026-12-02T10:00:00.123456Z',
	action: n % 2 ? 'create' : 'update',
	...over
});

type Checked = 'UpdatesResponse' | 'BatchResponse' | 'SyncStatusResponse' | 'SignedEventData';

/** Valid answers, as the reference server writes them (the contract tests' shapes). */
const VALID: Record<Checked, Json[]> = {
	UpdatesResponse: [
		{
			success: true,
			data: {
				products: [product(1), product(2)],
				categories: [
					{
						cloud_id: 'c-cat1',
						local_id: 'cat1',
						company_id: 'co1',
						brand_id: null,
						name: 'Minuman',
						sort_order: 2,
						version: 1,
						updated_at: '2026-12-02T10:00:00Z',
						action: 'create'
					}
				],
				deleted: [
					{ entity_type: 'product', local_id: 'p9', cloud_id: 'c-p9', deleted_at: '2026-12-02T10:00:00Z' }
				],
				sync_checkpoint: '2026-12-02T10:00:00.123456Z',
				has_more: false
			}
		},
		{
			success: true,
			data: { products: [], categories: [], deleted: [], sync_checkpoint: '', has_more: true }
		}
	],
	BatchResponse: [
		{
			success: true,
			data: {
				processed: 3,
				success: 1,
				failed: 1,
				conflicts: 1,
				results: [
					{ entity_type: 'order', local_id: 'o1', cloud_id: 'c-o1', status: 'success', version: 1 },
					{
						entity_type: 'transaction',
						local_id: 't1',
						status: 'failed',
						code: 'validation_error',
						error: 'data.amount: must be an integer number of rupiah'
					},
					{ entity_type: 'product', local_id: 'p1', cloud_id: 'c-p1', status: 'conflict' }
				],
				synced_at: '2026-12-02T10:00:00Z'
			}
		}
	],
	SyncStatusResponse: [
		{
			success: true,
			data: {
				outlet_id: 's1',
				outlet_code: 'OUT1',
				orders: 120,
				transactions: 118,
				open_conflicts: 0,
				last_push_at: '2026-12-02T10:00:00Z',
				last_pull_at: null,
				last_event_id: 41,
				features: ['shared_orders']
			}
		},
		{
			success: true,
			data: {
				outlet_id: 's1',
				outlet_code: 'OUT1',
				orders: 0,
				transactions: 0,
				open_conflicts: 0,
				last_push_at: null,
				last_pull_at: null,
				last_event_id: 0
			}
		}
	],
	SignedEventData: [
		{
			signature: 'a'.repeat(40) + '0123456789abcdef01234567',
			payload: { event: 'order.updated', timestamp: '2026-12-02T10:00:00Z', nested: { __proto__: 1, x: [1] } }
		}
	]
};

/** What a field is set to in the table: every JSON type, and the edges of the checks (ints, enums, the signature). */
const VALUES: Json[] = [
	null,
	'',
	'x',
	'create',
	'update',
	'delete',
	'product',
	'category',
	'order',
	'kitchen',
	'bar',
	'Kitchen',
	'success',
	'failed',
	'conflict',
	'0'.repeat(64),
	'0'.repeat(63),
	'0'.repeat(65),
	'A'.repeat(64),
	'g' + '0'.repeat(63),
	0,
	-0,
	-1,
	1,
	1.5,
	2 ** 53 - 1,
	2 ** 53,
	-(2 ** 53),
	1e300,
	true,
	false,
	[],
	['x'],
	[1],
	[null],
	{},
	{ a: 1 }
];

interface Case {
	label: string;
	/** Why zod's answer may be one the quick check leaves to it, when it does. */
	kind: 'value' | 'removed' | 'extra key' | '__proto__' | 'config' | 'conflicts';
	body: unknown;
}

/** Every object in `root` (the root, nested objects, array elements), with a setter for a copy of `root`. */
function* objectsIn(root: unknown, path: string[] = []): Generator<string[]> {
	if (typeof root !== 'object' || root === null) return;
	yield path;
	for (const [k, v] of Object.entries(root)) yield* objectsIn(v, [...path, k]);
}

function at(root: unknown, path: string[]): Record<string, unknown> {
	let o = root as Record<string, unknown>;
	for (const k of path) o = o[k] as Record<string, unknown>;
	return o;
}

const clone = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function* cases(valid: Json): Generator<Case> {
	yield { label: 'as is', kind: 'value', body: clone(valid) };
	for (const path of objectsIn(valid)) {
		const where = path.join('.') || '(root)';
		const keys = Object.keys(at(valid, path));
		for (const key of keys) {
			const kind = key === 'config' ? 'config' : key === 'conflicts' ? 'conflicts' : 'value';
			const removed = clone(valid);
			const parent = at(removed, path);
			// JSON has no holes: an element is taken out of its array, a key out of its object.
			if (Array.isArray(parent)) parent.splice(Number(key), 1);
			else delete parent[key];
			yield { label: `${where}.${key} removed`, kind: 'removed', body: removed };
			for (const v of VALUES) {
				const body = clone(valid);
				at(body, path)[key] = v;
				yield { label: `${where}.${key} = ${JSON.stringify(v)}`, kind, body };
			}
		}
		// Keys added to objects only: an array's named property is not JSON.
		if (Array.isArray(at(valid, path))) continue;
		for (const key of ['config', 'conflicts', 'extra', 'features', 'cloud_id', 'code', 'error', 'version']) {
			if (keys.includes(key)) continue;
			const kind = key === 'config' ? 'config' : key === 'conflicts' ? 'conflicts' : 'extra key';
			for (const v of [{}, [], 'x', 1, null, [{ field: 'price' }]] as Json[]) {
				const body = clone(valid);
				at(body, path)[key] = clone(v);
				yield { label: `${where}.${key} added = ${JSON.stringify(v)}`, kind, body };
			}
		}
		// A JSON body's own `__proto__` key (zod's copy drops it; the input would keep it).
		const proto = clone(valid);
		Object.defineProperty(at(proto, path), '__proto__', {
			value: {},
			enumerable: true,
			configurable: true,
			writable: true
		});
		yield { label: `${where} own __proto__`, kind: '__proto__', body: proto };
	}
	// The whole answer or its data of the wrong type.
	for (const v of VALUES) yield { label: `(root) = ${JSON.stringify(v)}`, kind: 'value', body: clone(v) };
}

describe("the worker's quick checks of the contract's answers", () => {
	it('has a table for every quick check', () => {
		expect(Object.keys(QUICK).sort()).toEqual(Object.keys(VALID).sort());
	});

	for (const name of Object.keys(VALID) as Checked[]) {
		it(`${name}: answers what zod answers, or leaves the answer to zod`, () => {
			const quick = QUICK[name];
			expect(quick).toBeTypeOf('function');
			const schema = Schemas[name];
			let both = 0;
			let neither = 0;
			const leftToZod = new Set<Case['kind']>();
			for (const valid of VALID[name])
				for (const c of cases(valid)) {
					const q = quick!(c.body);
					const z = schema.safeParse(c.body);
					if (q !== null) {
						expect(z.success, `${name}, ${c.label}: the quick check accepted what zod refuses`).toBe(true);
						expect(q, `${name}, ${c.label}`).toStrictEqual(z.data);
						both++;
					} else if (z.success) leftToZod.add(c.kind);
					else neither++;
				}
			// Each valid answer takes the quick path as it is.
			for (const valid of VALID[name]) expect(quick!(clone(valid)), name).not.toBeNull();
			expect(both).toBeGreaterThan(200);
			expect(neither).toBeGreaterThan(100);
			// What zod accepts and the quick check leaves to it: only the kinds it leaves on purpose.
			expect(
				[...leftToZod].filter((k) => !['extra key', '__proto__', 'config', 'conflicts'].includes(k))
			).toEqual([]);
		});
	}

	it('models every key the schemas name (a field added to the contract fails here until the check knows it)', () => {
		const shapeKeys = (s: unknown): string[] =>
			Object.keys((s as { shape: Record<string, unknown> }).shape).sort();
		const data = (s: unknown) => (s as { shape: { data: unknown } }).shape.data;
		const u = data(Schemas.UpdatesResponse);
		expect(shapeKeys(u)).toEqual(
			['categories', 'config', 'deleted', 'has_more', 'products', 'sync_checkpoint'].sort()
		);
		const valid = VALID.UpdatesResponse[0] as {
			data: { products: Json[]; categories: Json[]; deleted: Json[] };
		};
		const element = (s: unknown, key: string) =>
			(s as { shape: Record<string, { element: unknown }> }).shape[key]!.element;
		expect(shapeKeys(element(u, 'products'))).toEqual(Object.keys(valid.data.products[0]!).sort());
		expect(shapeKeys(element(u, 'categories'))).toEqual(Object.keys(valid.data.categories[0]!).sort());
		expect(shapeKeys(element(u, 'deleted'))).toEqual(Object.keys(valid.data.deleted[0]!).sort());
		const b = data(Schemas.BatchResponse);
		expect(shapeKeys(b)).toEqual(['conflicts', 'failed', 'processed', 'results', 'success', 'synced_at']);
		expect(shapeKeys(element(b, 'results'))).toEqual(
			['code', 'conflicts', 'cloud_id', 'entity_type', 'error', 'local_id', 'status', 'version'].sort()
		);
		const s = VALID.SyncStatusResponse[0] as { data: Record<string, Json> };
		expect(shapeKeys(data(Schemas.SyncStatusResponse))).toEqual(Object.keys(s.data).sort());
		expect(shapeKeys(Schemas.SignedEventData)).toEqual(['payload', 'signature']);
	});
});
