// The hand-written check of a batch's new order against the zod schemas it stands in for: on every item of the table
// below both must agree (accepted with the same value, or refused), except the few the quick check leaves to zod.
import { describe, expect, it } from 'vitest';
import { BatchItem, DiscountWire, OrderItem, OrderPush } from './cloud';
import { quickBatchOrder } from './quick-order';

/** What the batch route did before the quick check: BatchItem, then OrderPush on its `data`. */
function zodOrder(raw: unknown) {
	const item = BatchItem.safeParse(raw);
	if (!item.success || item.data.entity_type !== 'order') return null;
	const p = OrderPush.safeParse(item.data.data);
	return p.success ? p.data : null;
}

const line = () => ({
	product_name: 'Nasi Goreng',
	category: 'Food',
	qty: 2,
	price: 35000,
	subtotal: 70000,
	destination: 'kitchen',
	status: 'served'
});
const discount = () => ({ kind: 'amount', value: 5000, name: 'Promo', preset_id: null });
const order = (): Record<string, unknown> => ({
	local_id: 'ORD-20260127-JKT001-0001',
	outlet_id: '6b1f7c1e-0000-4000-8000-000000000001',
	outlet_code: 'JKT-001',
	table_number: 'A-05',
	customer_name: 'John Doe',
	pax: 4,
	total_amount: 150000,
	status: 'paid',
	items: [line()],
	payment_info: { method: 'cash', amount: 150000, paid_at: '2026-01-27T10:30:00Z' },
	version: 1,
	created_at: '2026-01-27T10:00:00Z',
	updated_at: '2026-01-27T10:30:00Z'
});
const wrap = (data: unknown, over: Record<string, unknown> = {}) => ({
	entity_type: 'order',
	operation: 'create',
	data,
	...over
});
/** A JSON round trip, as the body reaches the route (so `__proto__` is an own key, as JSON.parse makes it). */
const viaJson = (text: string): unknown => JSON.parse(text);

/** The values every field is tried with. */
const VALUES: unknown[] = [
	null,
	'',
	'x',
	'150000',
	'ü☕ 𝄞',
	'a'.repeat(50),
	'a'.repeat(51),
	'a'.repeat(64),
	'a'.repeat(65),
	'a'.repeat(100),
	'a'.repeat(101),
	'a'.repeat(200),
	'a'.repeat(201),
	0,
	-0,
	1,
	-1,
	1.5,
	0.25,
	4,
	100_000,
	100_001,
	2_147_483_647,
	2_147_483_648,
	1_000_000_000_000,
	1_000_000_000_001,
	Number.MAX_SAFE_INTEGER + 2,
	true,
	false,
	[],
	[line()],
	{},
	discount(),
	{ method: 'qris', amount: 1, paid_at: '2026-01-27T10:30:00+07:00' },
	'open',
	'void',
	'served',
	'bar',
	'percent',
	'2026-01-27T10:00:00Z',
	'2026-02-30T10:00:00Z',
	'2026-01-27T10:00:00',
	'2026-01-27T10:00:00.123456-03:30'
];

/** `left`: an order zod accepts that the quick check leaves to it on purpose (it does not model it). */
type Case = { name: string; raw: unknown; left?: true };

/** Each field of `target` (an object inside `root`) removed, then set to each of VALUES. */
function variants(
	name: string,
	root: () => unknown,
	target: (r: unknown) => Record<string, unknown>,
	keys: string[]
) {
	const out: Case[] = [];
	for (const k of keys) {
		const r = root();
		delete target(r)[k];
		out.push({ name: `${name}: without ${k}`, raw: r });
		for (const v of VALUES) {
			const w = root();
			target(w)[k] = structuredClone(v);
			out.push({ name: `${name}: ${k} = ${JSON.stringify(v)?.slice(0, 40)}`, raw: w });
		}
	}
	return out;
}

const ORDER_KEYS = [
	'local_id',
	'order_number',
	'outlet_id',
	'outlet_code',
	'table_number',
	'customer_name',
	'pax',
	'total_amount',
	'status',
	'items',
	'payment_info',
	'cashier_name',
	'staff_id',
	'voided_by',
	'discount_amount',
	'discount',
	'version',
	'created_at',
	'updated_at',
	'note'
];
const LINE_KEYS = [
	'product_name',
	'category',
	'qty',
	'price',
	'subtotal',
	'destination',
	'status',
	'discount',
	'discount_amount',
	'modifiers'
];
const PAYMENT_KEYS = ['method', 'amount', 'paid_at', 'ref'];
const DISCOUNT_KEYS = [
	'kind',
	'value',
	'name',
	'preset_id',
	'given_by',
	'given_by_id',
	'approved_by',
	'approved_by_id',
	'reason'
];

type Obj = Record<string, unknown>;
const data = (r: unknown) => (r as { data: Obj }).data;
const firstLine = (r: unknown) => (data(r).items as Obj[])[0] as Obj;

const TABLE: Case[] = [
	{ name: 'the bench and the till: a paid order', raw: wrap(order()) },
	{ name: 'no operation', raw: (() => ({ entity_type: 'order', data: order() }))() },
	{ name: 'operation update', raw: wrap(order(), { operation: 'update' }) },
	{ name: 'operation null', raw: wrap(order(), { operation: null }) },
	{ name: 'operation delete', raw: wrap(order(), { operation: 'delete' }) },
	{ name: 'extra key on the item', raw: wrap(order(), { extra: 1 }) },
	{ name: 'a transaction', raw: wrap(order(), { entity_type: 'transaction' }) },
	{ name: 'a product', raw: wrap(order(), { entity_type: 'product' }) },
	{ name: 'no entity_type', raw: { operation: 'create', data: order() } },
	{ name: 'data null', raw: wrap(null) },
	{ name: 'data an array', raw: wrap([order()]) },
	{ name: 'data a string', raw: wrap(JSON.stringify(order())) },
	{ name: 'no data', raw: { entity_type: 'order', operation: 'create' } },
	{ name: 'the item null', raw: null },
	{ name: 'the item an array', raw: [wrap(order())] },
	{ name: 'the item a number', raw: 7 },
	{ name: 'no items', raw: wrap({ ...order(), items: [] }) },
	{ name: '1000 lines', raw: wrap({ ...order(), items: Array.from({ length: 1000 }, line) }) },
	{ name: '1001 lines', raw: wrap({ ...order(), items: Array.from({ length: 1001 }, line) }) },
	{ name: 'a line null', raw: wrap({ ...order(), items: [null] }) },
	{ name: 'a line an array', raw: wrap({ ...order(), items: [[line()]] }) },
	{
		name: 'a line with a discount and modifiers',
		raw: wrap({
			...order(),
			items: [
				{ ...line(), discount: discount(), discount_amount: 5000, modifiers: [{ name: 'Pedas', price: 0 }] }
			]
		})
	},
	{ name: 'a discount on the order', raw: wrap({ ...order(), discount: discount(), discount_amount: 5000 }) },
	{ name: 'unicode everywhere', raw: wrap({ ...order(), customer_name: 'Ñoño 😀 ☕', local_id: 'ORD-ü-𝄞' }) },
	{
		name: 'a shared push',
		left: true,
		raw: wrap({ ...order(), shared: { base_version: 0, device_code: 'T1' } })
	},
	{ name: 'shared null', raw: wrap({ ...order(), shared: null }) },
	{
		name: '__proto__ in the order',
		left: true,
		raw: viaJson(
			`{"entity_type":"order","data":${JSON.stringify(order()).replace('{', '{"__proto__":{"x":1},')}}`
		)
	},
	{
		name: '__proto__ in a line',
		left: true,
		raw: viaJson(JSON.stringify(wrap(order())).replace('"product_name"', '"__proto__":{},"product_name"'))
	},
	{
		name: '__proto__ in payment_info',
		left: true,
		raw: viaJson(JSON.stringify(wrap(order())).replace('"method"', '"__proto__":{},"method"'))
	},
	{
		name: '__proto__ on the item',
		left: true,
		raw: viaJson(JSON.stringify(wrap(order())).replace('"entity_type"', '"__proto__":{},"entity_type"'))
	},
	{
		name: 'a __proto__ key deep in an extra field (zod passes it on as it is)',
		raw: viaJson(JSON.stringify(wrap({ ...order(), note: { a: 1 } })).replace('"a"', '"__proto__":{},"a"'))
	},
	...variants('order', () => wrap(order()), data, ORDER_KEYS),
	...variants('line', () => wrap(order()), firstLine, LINE_KEYS),
	...variants(
		'payment_info',
		() => wrap(order()),
		(r) => data(r).payment_info as Obj,
		PAYMENT_KEYS
	),
	...variants(
		'order discount',
		() => wrap({ ...order(), discount: discount() }),
		(r) => data(r).discount as Obj,
		DISCOUNT_KEYS
	),
	...variants(
		'line discount',
		() => wrap({ ...order(), items: [{ ...line(), discount: discount() }] }),
		(r) => firstLine(r).discount as Obj,
		DISCOUNT_KEYS
	)
];

describe('quickBatchOrder', () => {
	it('agrees with BatchItem + OrderPush on every item of the table: the same order, or refused by both', () => {
		let accepted = 0;
		let refused = 0;
		for (const c of TABLE) {
			const expected = zodOrder(c.raw);
			const quick = quickBatchOrder(c.raw);
			if (quick !== null) {
				expect(expected, c.name).not.toBeNull();
				expect(quick, c.name).toStrictEqual(expected);
				accepted++;
			} else {
				if (!c.left) expect(expected, `${c.name}: zod accepts it, the quick check does not`).toBeNull();
				refused++;
			}
		}
		// The table covers both sides widely (a table where one side is empty proves nothing).
		expect(accepted).toBeGreaterThan(200);
		expect(refused).toBeGreaterThan(200);
	});

	it('takes the orders a till sends, and leaves shared pushes and __proto__ keys to zod, which accepts them', () => {
		for (const name of [
			'the bench and the till: a paid order',
			'a line with a discount and modifiers',
			'unicode everywhere',
			'no items',
			'1000 lines'
		])
			expect(quickBatchOrder(TABLE.find((c) => c.name === name)?.raw), name).not.toBeNull();
		const left = TABLE.filter((c) => c.left);
		expect(left).toHaveLength(5);
		for (const c of left) {
			expect(quickBatchOrder(c.raw), c.name).toBeNull();
			expect(zodOrder(c.raw), c.name).not.toBeNull();
		}
	});

	it('tries every field the schemas name, so a field added to them is tried too (and fails the table until modelled)', () => {
		const tried = (keys: string[], shape: object, without: string[] = []) =>
			expect(keys).toEqual(expect.arrayContaining(Object.keys(shape).filter((k) => !without.includes(k))));
		tried(ORDER_KEYS, OrderPush.shape, ['shared']);
		tried(LINE_KEYS, OrderItem.shape);
		tried(DISCOUNT_KEYS, DiscountWire.shape);
		tried(PAYMENT_KEYS, OrderPush.shape.payment_info.unwrap().unwrap().shape);
	});

	it('answers with the order object of the item itself, not a copy', () => {
		const raw = wrap(order());
		expect(quickBatchOrder(raw)).toBe(raw.data);
	});
});
