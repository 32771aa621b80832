// Why: the split/merge repair runs at every start next to repairSales; it must stay cheap on a till with many orders. Seeds N
// paid orders, 30 open ones and 3 splits cut after their plan, then times repairSplits (first start and again); also times the
// pure money maths a cashier waits on (refund amount, split payment, equal split).
// Run: npx tsx bench/till-money.ts [orders=100000] [runs=3]
import 'fake-indexeddb/auto';
import { openDatabase, repairSplits, type OrderDoc } from '../src/lib/db';
import { computeRefund } from '../src/lib/domain/refund';
import { settleSplit, shareMoney, splitEqually } from '../src/lib/domain/split';

const total = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const db = await openDatabase({
	name: `bench-money-${Date.now()}`,
	indexedDB,
	IDBKeyRange,
	multiInstance: false
});
const now = new Date().toISOString();
const pad = (n: number) => String(n).padStart(12, '0');
const item = (i: number) => ({
	line_id: `L${i}`,
	product_id: 'p',
	product_name: `Menu ${i}`,
	category: 'Food',
	qty: 2,
	price: 25_000,
	subtotal: 50_000,
	modifiers: [],
	note: '',
	destination: 'kitchen' as const,
	status: 'served' as const
});
const order = (i: number, status: OrderDoc['status']): OrderDoc => ({
	local_id: `0192b6a0-0000-7000-8000-${pad(i)}`,
	order_number: `ORD-20261202-JKT001-B-${String(i + 1).padStart(6, '0')}`,
	outlet_id: 'o',
	outlet_code: 'JKT-001',
	table_number: status === 'paid' ? null : `A-${String((i % 40) + 1).padStart(2, '0')}`,
	customer_name: null,
	pax: null,
	items: [item(1), item(2)],
	subtotal: 100_000,
	service_amount: 5_000,
	tax_amount: 10_500,
	rounding_amount: 0,
	total_amount: 115_500,
	status,
	void_reason: null,
	payment_info: null,
	payments: [],
	refunds: [],
	links: null,
	version: 1,
	created_at: now,
	updated_at: now,
	business_date: '2026-12-02',
	cloud_id: null,
	synced_version: 1,
	synced_at: now,
	sync_status: 'synced',
	sync_error: null,
	sync_attempts: 0,
	next_attempt_at: null
});

let t = performance.now();
for (let i = 0; i < total; i += 5000)
	await db.orders.bulkInsert(
		Array.from({ length: Math.min(5000, total - i) }, (_, k) => order(i + k, 'paid'))
	);
const open = Array.from({ length: 30 }, (_, k) => order(total + k, 'open'));
for (const o of open.slice(0, 3)) {
	const share = shareMoney(o, splitEqually(o.total_amount, 2));
	o.links = {
		split_into: [`${o.local_id}-a`, `${o.local_id}-b`],
		split_plan: share.map((m, k) => ({
			...m,
			local_id: `${o.local_id}-${k ? 'b' : 'a'}`,
			order_number: `${o.order_number}-${k}`,
			items: [item(k + 1)]
		}))
	};
}
await db.orders.bulkInsert(open);
console.log(
	`seeded ${total} paid + 30 open orders (3 splits cut after their plan) in ${((performance.now() - t) / 1000).toFixed(1)} s`
);

if (process.env.PROFILE) {
	let p = performance.now();
	const found = await db.orders.find({ selector: { status: { $in: ['open', 'sent'] } } }).exec();
	console.log(`one $in query for open orders: ${(performance.now() - p).toFixed(1)} ms (${found.length})`);
	p = performance.now();
	await db.orders.findByIds(['x', 'y']).exec();
	console.log(`findByIds: ${(performance.now() - p).toFixed(1)} ms`);
}
for (let r = 0; r < runs; r++) {
	t = performance.now();
	const n = await repairSplits(db);
	console.log(`repairSplits run ${r + 1}: ${(performance.now() - t).toFixed(1)} ms, finished ${n}`);
}

const paid = { ...order(0, 'paid'), status: 'paid' as const };
const N = 100_000;
t = performance.now();
for (let i = 0; i < N; i++) computeRefund(paid, [{ line_id: 'L1', qty: 1 }], 'x');
const refundUs = ((performance.now() - t) * 1000) / N;
t = performance.now();
for (let i = 0; i < N; i++)
	settleSplit(115_500, [
		{ method: 'qris', amount: 60_000 },
		{ method: 'cash', amount: 55_500, tendered: 100_000 }
	]);
const splitUs = ((performance.now() - t) * 1000) / N;
t = performance.now();
for (let i = 0; i < N; i++) shareMoney(paid, splitEqually(115_500, 3));
const shareUs = ((performance.now() - t) * 1000) / N;
console.log(
	`computeRefund ${refundUs.toFixed(2)} µs, settleSplit ${splitUs.toFixed(2)} µs, equal split by 3 with shares ${shareUs.toFixed(2)} µs`
);
await db.remove();
