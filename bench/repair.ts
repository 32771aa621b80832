// Why: the start-up repair runs before the selling screen on every start; it must stay well under a second on a till with 100k
// orders. Seeds 100k orders (all synced but 20 pending ones, 10 of them cut before their transaction was derived), drafts and
// counters, then times repairSales in Node on fake-indexeddb (slower than Chromium's IndexedDB).
// Run: npx tsx bench/repair.ts [orders=100000] [runs=3]
import 'fake-indexeddb/auto';
import { openDatabase, type OrderDoc } from '../src/lib/db';
import { counterKey, setMeta } from '../src/lib/db/meta';
import { deriveTransactions, draftKey, repairSales } from '../src/lib/db/sales';
import { cartDraft, orderDoc } from '../tests/helpers/order-docs';

const total = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 3);
const name = `bench-repair-${Date.now()}`;
const open = () => openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
let db = await open();
const now = new Date().toISOString();
const pad = (n: number) => String(n).padStart(12, '0');
const DAYS = ['20261101', '20261201', '20261202'];
const order = (i: number): OrderDoc => {
	const pending = i >= total - 20;
	return orderDoc({
		local_id: `0192b6a0-0000-7000-8000-${pad(i)}`,
		order_number: `ORD-${DAYS[i % 3]}-JKT001-B-${String(Math.floor(i / 3) + 1).padStart(4, '0')}`,
		status: 'paid',
		payment_info: { method: 'card', amount: 10_000, paid_at: now },
		payments: [
			{
				local_id: `pay-${i}`,
				method: 'card',
				amount: 10_000,
				cash_amount: null,
				change_amount: null,
				paid_at: now,
				cashier_name: 'k'
			}
		],
		created_at: now,
		business_date: '2026-12-02',
		cloud_id: pending ? null : `c-${i}`,
		synced_version: pending ? 0 : 1,
		synced_at: pending ? null : now,
		sync_status: pending ? 'pending' : 'synced'
	});
};
const t0 = performance.now();
for (let i = 0; i < total; i += 5000) {
	const docs = Array.from({ length: Math.min(5000, total - i) }, (_, k) => order(i + k));
	await db.orders.bulkInsert(docs);
}
// Derive all but the last 10 pending orders' transactions (the rest were "cut" before).
await deriveTransactions(
	db,
	Array.from({ length: 10 }, (_, k) => order(total - 20 + k))
);
for (const d of ['20261101', '20261201', '20261202'])
	// Each day's counter is 2 ahead of its numbers: a tab drew two numbers and died before keeping them.
	await db.meta.insert({
		key: counterKey(`order:${d}:JKT001:B`),
		value: Math.ceil(total / 3) + 2,
		updated_at: now
	});
await setMeta(db, draftKey('t-1'), cartDraft({ tab_id: 't-1', updated_at: now }));
await setMeta(db, 'repair:payments_backfilled', true);
console.log(JSON.stringify({ seeded: total, seed_ms: Math.round(performance.now() - t0) }));
await db.close();
// Each run opens the database afresh (as a start does), so no query is answered from RxDB's cache.
for (let r = 1; r <= runs; r++) {
	db = await open();
	const t = performance.now();
	const report = await repairSales(db, { exclusive: true });
	console.log(
		JSON.stringify({ run: r, orders: total, repair_ms: Math.round(performance.now() - t), report })
	);
	if (r < runs) await db.close();
}
await db.remove();
