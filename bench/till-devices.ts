// Why: the receipt is encoded and the QRIS payload rebuilt on the cashier's device at every sale; both must stay far below a
// frame. Encodes a 10-line cash receipt (58 and 80 mm) and its kitchen ticket, and rebuilds a dynamic QRIS, in Node.
// Run: npx tsx bench/till-devices.ts [runs=1000]
import { addItem, emptyCart, type Cart } from '../src/lib/domain/cart';
import { encodeReceipt, encodeTicket } from '../src/lib/domain/escpos';
import { settlePayment } from '../src/lib/domain/payment';
import { dynamicQris } from '../src/lib/domain/qris';
import type { ReceiptData } from '../src/lib/domain/receipt';
import { computeTotals } from '../src/lib/domain/totals';
import { BLE_CHUNK } from '../src/lib/printer/transport';

const runs = Number(process.argv[2] ?? 1000);
let cart: Cart = emptyCart;
for (let i = 0; i < 10; i++) {
	const r = addItem(cart, {
		product_id: `p${i}`,
		product_name: `Menu nomor ${i}`,
		category: 'F',
		unit_price: 10_000 + i * 1000,
		modifiers: [],
		destination: i % 2 ? 'bar' : 'kitchen'
	});
	if (r.ok) cart = r.value.cart;
}
const totals = computeTotals(cart.lines, { tax_rate: 10, service_rate: 5, rounding: 100 });
const pay = settlePayment(totals.total, { method: 'cash', tendered: 200_000 });
if (!pay.ok) throw new Error('pay');
const data: ReceiptData = {
	outlet: { name: 'Warung Nusantara' },
	order_number: 'ORD-20260127-JKT001-A-0001',
	at: '2026-01-27T10:30:00Z',
	timeZone: 'Asia/Jakarta',
	cashier_name: 'Sari',
	lines: cart.lines,
	totals,
	tax_rate: 10,
	service_rate: 5,
	payment: pay.value
};
const STATIC =
	'00020101021126380016ID.CO.SHOPEE.WWW01020102081586372453033605802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris6304BD24';

const time = (label: string, fn: (i: number) => unknown) => {
	const t = performance.now();
	for (let i = 0; i < runs; i++) fn(i);
	const ms = (performance.now() - t) / runs;
	console.log(`${label}: ${(ms * 1000).toFixed(1)} µs per call (${runs} runs)`);
};
for (const width of [32, 48] as const) {
	const bytes = encodeReceipt(data, width, { openDrawer: true }).length;
	const ticket = encodeTicket({ ...data, destination: 'kitchen' }, width)?.length ?? 0;
	console.log(
		`${width} columns: receipt ${bytes} B (${Math.ceil(bytes / BLE_CHUNK)} BLE writes), kitchen ticket ${ticket} B`
	);
	time(`encodeReceipt ${width}`, () => encodeReceipt(data, width));
}
time('dynamicQris', (i) => dynamicQris(STATIC, 1000 + i));
