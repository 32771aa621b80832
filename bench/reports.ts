// Why: the reports screen must stay fast on a device holding 100,000 orders: this times a month's report
// (read day by day through the business_date index) over 100k orders spread across 100 business days, in Node
// on fake-indexeddb (the same RxDB/Dexie code the browser runs; Chromium's IndexedDB is usually faster).
// Each run reopens the database, so RxDB's query cache cannot answer from memory. The first run folds the month
// and stores its day partials (db/reports.ts); later runs read them back (the Chromium figures: bench/orders.ts).
// Run: npx tsx bench/reports.ts [orders=100000] [days=100] [runs=1]
// Seen (2 shared cores): insert 31 s; the month (30,000 orders) 166 s cold: fake-indexeddb reads ~5 ms per
// document. The device figure is Chromium's, printed by tests/e2e/reports.test.ts: 1.7 s for the same month.
import 'fake-indexeddb/auto';
import { openDatabase } from '../src/lib/db/database';
import { loadSalesReport } from '../src/lib/db/reports';
import type { OrderDoc } from '../src/lib/db/types';
import { addDays } from '../src/lib/domain/business-day';

const total = Number(process.argv[2] ?? 100_000);
const days = Number(process.argv[3] ?? 100);
const runCount = Number(process.argv[4] ?? 1);
const first = '2026-01-01';
const products = [
	['Nasi Goreng', 'Makanan', 35_000],
	['Mie Ayam', 'Makanan', 28_000],
	['Es Teh', 'Minuman', 8_000],
	['Kopi Susu', 'Minuman', 22_000],
	['Pisang Goreng', 'Camilan', 15_000]
] as const;
const methods = ['cash', 'qris', 'card'] as const;

function order(i: number): OrderDoc {
	const date = addDays(first, i % days);
	const p = products[i % products.length] ?? products[0];
	const qty = 1 + (i % 3);
	const subtotal = p[2] * qty;
	const tax = Math.round(subtotal * 0.1);
	const at = new Date(Date.parse(`${date}T03:00:00Z`) + (i % 600) * 60_000).toISOString();
	const paid = i % 40 !== 0;
	return {
		local_id: `ORD-B-${String(i).padStart(7, '0')}`,
		outlet_id: 'o',
		outlet_code: 'JKT-001',
		table_number: null,
		customer_name: null,
		pax: 1 + (i % 4),
		items: [
			{
				line_id: 'L1',
				product_id: p[0],
				product_name: p[0],
				category: p[1],
				qty,
				price: p[2],
				subtotal,
				modifiers: [],
				note: '',
				destination: 'kitchen',
				status: 'served'
			}
		],
		subtotal,
		service_amount: 0,
		tax_amount: tax,
		rounding_amount: 0,
		total_amount: subtotal + tax,
		status: paid ? 'paid' : 'void',
		void_reason: paid ? null : 'bench',
		payment_info: paid ? { method: methods[i % 3] ?? 'cash', amount: subtotal + tax, paid_at: at } : null,
		order_number: `ORD-B-${i}`,
		payments: paid
			? [
					{
						local_id: `pay-${i}`,
						method: methods[i % 3] ?? 'cash',
						amount: subtotal + tax,
						cash_amount: null,
						change_amount: null,
						paid_at: at,
						cashier_name: 'bench'
					}
				]
			: [],
		version: 2,
		created_at: at,
		updated_at: at,
		business_date: date,
		shift_id: null,
		cloud_id: 'c',
		synced_version: 2,
		synced_at: at,
		sync_status: 'synced',
		sync_error: null,
		sync_attempts: 0,
		next_attempt_at: null
	};
}

const name = `bench_reports_${Date.now()}`;
const open = () => openDatabase({ name, indexedDB, IDBKeyRange, multiInstance: false });
let db = await open();
try {
	const t0 = performance.now();
	for (let i = 0; i < total; i += 5000) {
		const r = await db.orders.bulkInsert(
			Array.from({ length: Math.min(5000, total - i) }, (_, k) => order(i + k))
		);
		if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
	}
	const loadMs = Math.round(performance.now() - t0);
	const from = addDays(first, 30);
	const to = addDays(from, 29);
	const runs: number[] = [];
	let orders = 0;
	for (let run = 0; run < runCount; run++) {
		await db.close();
		db = await open();
		const t = performance.now();
		// Every day of the month is closed (before "today"): the first run folds and stores their partials, later runs read them.
		const r = await loadSalesReport(db, from, to, 'Asia/Jakarta', addDays(first, days));
		runs.push(Math.round(performance.now() - t));
		orders = r.orders + r.voids.count;
	}
	const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
	console.log(
		JSON.stringify({
			bench: 'reports: one month over the device',
			device_orders: total,
			business_days: days,
			month: `${from}..${to}`,
			month_orders: orders,
			insert_ms: loadMs,
			report_ms_runs: runs,
			report_ms_best: Math.min(...runs),
			heap_mb_after: heapMb
		})
	);
} finally {
	await db.remove();
}
