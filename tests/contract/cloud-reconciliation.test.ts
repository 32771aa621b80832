// End-of-day reconciliation over real HTTP (Kasir extension): the cloud's figures and digest of a
// business day equal the till's computed over the same orders, by the outlet's zone and day boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	PushResponse,
	ReconciliationOutcomeResponse,
	ReconciliationResponse
} from '../../src/lib/contract/cloud.ts';
import { dayFigures, diffEntries, entryOf } from '../../src/lib/domain/reconcile.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order } from './cloud-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

// JKT-001 is in Asia/Jakarta (UTC+7); the default day boundary is 05:00.
const at = (iso: string) => ({ created_at: iso, updated_at: iso });
const pay = (method: string, amount: number, paid_at: string) => ({ method, amount, paid_at });
const day = [
	order(JKT, {
		total_amount: 50_000,
		payment_info: pay('cash', 50_000, '2030-03-10T03:05:00Z'),
		...at('2030-03-10T03:00:00Z')
	}),
	order(JKT, {
		total_amount: 30_000,
		payment_info: pay('qris', 30_000, '2030-03-10T04:05:00Z'),
		...at('2030-03-10T04:00:00Z')
	}),
	order(JKT, {
		total_amount: 20_000,
		payment_info: pay('card', 20_000, '2030-03-10T05:05:00Z'),
		...at('2030-03-10T05:00:00Z')
	}),
	order(JKT, {
		status: 'void',
		total_amount: 15_000,
		payment_info: null,
		version: 2,
		...at('2030-03-10T06:00:00Z')
	}),
	// 01:30 WIB on 11 March: still the business day of 10 March.
	order(JKT, {
		total_amount: 8_000,
		payment_info: pay('cash', 8_000, '2030-03-10T18:35:00Z'),
		...at('2030-03-10T18:30:00Z')
	})
];
const open = order(JKT, {
	status: 'open',
	total_amount: 99_000,
	payment_info: null,
	...at('2030-03-10T07:00:00Z')
});
// 05:30 WIB on 11 March: the next business day.
const nextDay = order(JKT, {
	total_amount: 7_000,
	payment_info: pay('cash', 7_000, '2030-03-10T22:35:00Z'),
	...at('2030-03-10T22:30:00Z')
});

const reconciled = (o: (typeof day)[number]) => ({
	local_id: o.local_id,
	version: o.version,
	total_amount: o.total_amount,
	status: o.status,
	payment_info: o.payment_info
});

describe('GET …/analytics/reconciliation', () => {
	beforeAll(async () => {
		for (const o of [...day, open, nextDay]) {
			const r = await cloud(server, JKT, '/orders', { json: o });
			expect(r.status).toBe(200);
			PushResponse.parse(r.body);
		}
	});

	it("answers the day's figures and digest, equal to the till's over the same orders (01:30 counts for the day before)", async () => {
		const r = await cloud(server, JKT, '/analytics/reconciliation?date=2030-03-10');
		expect(r.status).toBe(200);
		const data = ReconciliationResponse.parse(r.body).data;
		expect(data).toMatchObject({
			time_zone: 'Asia/Jakarta',
			day_start: '05:00',
			from: '2030-03-09T22:00:00.000Z',
			to: '2030-03-10T22:00:00.000Z'
		});
		expect(data.figures.orders).toBe(5);
		expect(data.figures.paid).toEqual({ count: 4, sum: 108_000 });
		expect(data.figures.voids).toEqual({ count: 1, sum: 15_000 });
		expect(data.figures.payment_methods).toEqual({
			cash: { count: 2, sum: 58_000 },
			qris: { count: 1, sum: 30_000 },
			card: { count: 1, sum: 20_000 }
		});
		expect(data.figures).toEqual(dayFigures(day.map(reconciled)));
		expect(data.orders).toBeUndefined();

		const next = ReconciliationResponse.parse(
			(await cloud(server, JKT, '/analytics/reconciliation?date=2030-03-11')).body
		).data;
		expect(next.figures.paid).toEqual({ count: 1, sum: 7_000 });
	});

	it('lists the orders with ids=1, so a till names exactly what differs; another boundary moves the day', async () => {
		const data = ReconciliationResponse.parse(
			(await cloud(server, JKT, '/analytics/reconciliation?date=2030-03-10&ids=1')).body
		).data;
		const local = day.map(reconciled).map(entryOf);
		expect(diffEntries(local, data.orders ?? [])).toEqual([]);
		const tillWithMore = [...local, { local_id: 'ORD-X', version: 1, total_amount: 1, status: 'paid' }];
		expect(diffEntries(tillWithMore, data.orders ?? []).map((d) => [d.local_id, d.kind])).toEqual([
			['ORD-X', 'missing']
		]);

		const midnight = ReconciliationResponse.parse(
			(await cloud(server, JKT, '/analytics/reconciliation?date=2030-03-10&day_start=00:00')).body
		).data;
		expect(midnight.from).toBe('2030-03-09T17:00:00.000Z');
		expect(midnight.figures.paid.count).toBe(3);
	});

	it('refuses a bad date or boundary in the cloud envelope', async () => {
		const bad = await cloud(server, JKT, '/analytics/reconciliation?date=2030-02-30');
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({ success: false, error: 'validation_error' });
		const badStart = await cloud(server, JKT, '/analytics/reconciliation?date=2030-03-10&day_start=25:00');
		expect(badStart.status).toBe(400);
		expect(badStart.body.message).toMatch(/day_start must be a time HH:MM/);
	});
});

describe('POST …/analytics/reconciliation', () => {
	it('keeps the outcome the till reached; a later one for the same day replaces it', async () => {
		const figures = dayFigures(day.map(reconciled));
		const body = {
			date: '2030-03-10',
			status: 'mismatched',
			checked_at: '2030-03-10T23:00:00Z',
			local: figures,
			cloud: figures,
			differences: [
				{
					local_id: 'ORD-X',
					kind: 'missing',
					fields: [],
					local: { local_id: 'ORD-X', version: 1, total_amount: 1, status: 'paid' },
					cloud: null
				}
			]
		};
		const first = await cloud(server, JKT, '/analytics/reconciliation', { json: body });
		expect(first.status).toBe(200);
		expect(ReconciliationOutcomeResponse.parse(first.body).data).toMatchObject({
			date: '2030-03-10',
			status: 'mismatched'
		});
		const again = await cloud(server, JKT, '/analytics/reconciliation', {
			json: { ...body, status: 'matched', differences: [] }
		});
		expect(ReconciliationOutcomeResponse.parse(again.body).data.status).toBe('matched');
		const bad = await cloud(server, JKT, '/analytics/reconciliation', { json: { ...body, status: 'great' } });
		expect(bad.status).toBe(400);
	});
});

describe('the extensions are documented, the test hook is off by default', () => {
	it('lists reconciliation and shifts in the OpenAPI document; /api/test/sql is a 404 without KASIR_TEST_HOOKS', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			paths: Record<string, Record<string, { summary?: string }>>;
		};
		const rec = doc.paths['/api/v1/outlets/{outlet_id}/analytics/reconciliation'];
		expect(Object.keys(rec ?? {}).sort()).toEqual(['get', 'post']);
		expect(rec?.get?.summary).toMatch(/^Kasir extension/);
		expect(doc.paths['/api/v1/outlets/{outlet_id}/shifts']?.post?.summary).toMatch(/^Kasir extension/);
		const hook = await fetch(`${server.url}/api/test/sql`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ sql: 'select 1' })
		});
		expect(hook.status).toBe(404);
	});
});
