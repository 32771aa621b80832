// ESC/POS jobs over a real TCP socket to fake raw printers (port-9100 style): the recorded streams are the expected
// command sequences, kitchen and bar tickets reach their own printers, and chunked writes (as over Bluetooth) arrive whole.
// No physical printer was attached: this checks the bytes and the stream, not paper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeReceipt, encodeTicket } from '../../src/lib/domain/escpos.ts';
import { settlePayment } from '../../src/lib/domain/payment.ts';
import type { ReceiptData } from '../../src/lib/domain/receipt.ts';
import { computeTotals } from '../../src/lib/domain/totals.ts';
import { BLE_CHUNK, chunks } from '../../src/lib/printer/transport.ts';
import { sendJob, startFakePrinter, type FakePrinter } from '../helpers/fake-printer.ts';
import { cartWith } from '../fixtures/cart.ts';

const cart = cartWith(
	{
		product_id: 'p1',
		product_name: 'Mie Ayam',
		category: 'Food',
		unit_price: 20000,
		modifiers: [],
		destination: 'kitchen'
	},
	{
		product_id: 'p2',
		product_name: 'Kopi Susu',
		category: 'Drinks',
		unit_price: 18000,
		modifiers: [],
		destination: 'bar'
	}
);
const totals = computeTotals(cart.lines, { tax_rate: 10, service_rate: 0, rounding: 100 });
const paid = settlePayment(totals.total, { method: 'cash', tendered: 50000 });
if (!paid.ok) throw new Error('pay');
const receipt: ReceiptData = {
	outlet: { name: 'Kopi Pagi' },
	order_number: 'ORD-7',
	at: '2026-01-27T01:05:00Z',
	timeZone: 'Asia/Jakarta',
	cashier_name: 'Budi',
	lines: cart.lines,
	totals,
	tax_rate: 10,
	payment: paid.value
};
const ticketBase = {
	order_number: 'ORD-7',
	at: '2026-01-27T01:05:00Z',
	timeZone: 'Asia/Jakarta',
	table_number: '3',
	lines: cart.lines
};

let cashier: FakePrinter;
let kitchen: FakePrinter;
let bar: FakePrinter;
beforeAll(async () => {
	[cashier, kitchen, bar] = await Promise.all([startFakePrinter(), startFakePrinter(), startFakePrinter()]);
});
afterAll(async () => {
	await Promise.all([cashier?.stop(), kitchen?.stop(), bar?.stop()]);
});

describe('ESC/POS over a raw TCP printer socket', () => {
	it('the receipt printer records the receipt with the drawer kick, byte for byte', async () => {
		const job = encodeReceipt(receipt, 32, { openDrawer: true });
		await sendJob(cashier.port, [job]);
		const [recorded] = await cashier.waitForJobs(1);
		expect(recorded?.equals(Buffer.from(job))).toBe(true);
		// Starts with ESC @ + ESC t 0, ends with ESC d 3, ESC p 0 25 250, GS V 66 3.
		expect([...(recorded ?? Buffer.alloc(0)).subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 0x00]);
		expect([...(recorded ?? Buffer.alloc(0)).subarray(-12)]).toEqual([
			0x1b, 0x64, 0x03, 0x1b, 0x70, 0x00, 0x19, 0xfa, 0x1d, 0x56, 0x42, 0x03
		]);
		expect(recorded?.toString('latin1')).toContain('KOPI PAGI\n');
	});

	it('kitchen and bar tickets reach their own printers, each with only its lines', async () => {
		const k = encodeTicket({ ...ticketBase, destination: 'kitchen' }, 48);
		const b = encodeTicket({ ...ticketBase, destination: 'bar' }, 32);
		if (!k || !b) throw new Error('no ticket');
		await Promise.all([sendJob(kitchen.port, [k]), sendJob(bar.port, [b])]);
		const [[kj], [bj]] = await Promise.all([kitchen.waitForJobs(1), bar.waitForJobs(1)]);
		expect(kj?.equals(Buffer.from(k))).toBe(true);
		expect(bj?.equals(Buffer.from(b))).toBe(true);
		expect(kj?.toString('latin1')).toContain('1 x Mie Ayam\n');
		expect(kj?.toString('latin1')).not.toContain('Kopi Susu');
		expect(bj?.toString('latin1')).toContain('1 x Kopi Susu\n');
		expect(bj?.toString('latin1')).not.toContain('Mie Ayam');
		// No drawer kick on a ticket.
		expect(kj?.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
	});

	it('a job written in Bluetooth-sized chunks arrives as the same stream', async () => {
		const job = encodeReceipt(receipt, 48);
		const parts = chunks(job, BLE_CHUNK);
		expect(parts.length).toBeGreaterThan(1);
		await sendJob(cashier.port, parts);
		const jobs = await cashier.waitForJobs(2);
		expect(jobs[1]?.equals(Buffer.from(job))).toBe(true);
	});
});
