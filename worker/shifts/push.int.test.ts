// Why: shifts reach the real cloud like orders: per-item results, idempotent by local_id, a newer version
// replaces (a cash movement added after the first push), and a bad item fails alone.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ShiftsPushResponse } from '../../src/lib/contract/cloud';
import { getMeta, saveShift, shiftKey } from '../../src/lib/db/meta';
import type { ShiftDoc } from '../../src/lib/db/types';
import { shiftDoc } from '../../tests/helpers/shift-docs';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { pushShifts } from './push';

const h = workerHarness({ env: { KASIR_TEST_HOOKS: '1' } });

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
	const r = await fetch(`${h.url}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql: text, params })
	});
	return ((await r.json()) as { rows: T[] }).rows;
}

function shift(outletId: string): ShiftDoc {
	return shiftDoc({
		local_id: `SHIFT-${crypto.randomUUID()}`,
		outlet_id: outletId,
		device_id: 'dev-1',
		opening_cash: 200_000,
		opened_at: '2030-05-01T01:00:00.000Z',
		opened_by: 'demo',
		business_date: '2030-05-01'
	});
}

describe('pushShifts', () => {
	it('stores a shift once, replaces it with a newer version, and answers a retry with the same cloud_id', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId, apiKey } = await demoOutlet(t.ctx, h.url);
		const s = shift(outletId);
		await saveShift(db, s);
		expect(await pushShifts(t.ctx)).toBe(1);
		const first = await getMeta<ShiftDoc>(db, shiftKey(s.local_id));
		expect(first).toMatchObject({ sync_status: 'synced', synced_version: 1 });
		expect(first?.cloud_id).toBeTruthy();
		expect(await pushShifts(t.ctx)).toBe(0);

		const closed: ShiftDoc = {
			...(first as ShiftDoc),
			status: 'closed',
			movements: [
				{ local_id: 'm1', kind: 'out', amount: 50_000, reason: 'es batu', at: '2030-05-01T02:00:00.000Z' }
			],
			closed_at: '2030-05-01T09:00:00.000Z',
			closed_by: 'demo',
			expected: { cash: 150_000, qris: 0, card: 0 },
			counted: { cash: 145_000, qris: 0, card: 0 },
			variance: { cash: -5_000, qris: 0, card: 0, total: -5_000 },
			manager_approved: true,
			version: 3,
			sync_status: 'pending'
		};
		await saveShift(db, closed);
		expect(await pushShifts(t.ctx)).toBe(1);
		const rows = await sql<{
			cloud_id: string;
			status: string;
			version: number;
			movements: unknown[];
			data: ShiftDoc;
		}>(
			'select cloud_id::text as cloud_id, status, version, movements, data from shifts where outlet_id = $1 and local_id = $2',
			[outletId, s.local_id]
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ cloud_id: first?.cloud_id, status: 'closed', version: 3 });
		expect(rows[0]?.movements).toHaveLength(1);
		expect(rows[0]?.data.variance).toEqual({ cash: -5_000, qris: 0, card: 0, total: -5_000 });

		// A retry of an older version changes nothing; a bad item fails alone beside a good one.
		const headers = {
			'content-type': 'application/json',
			authorization: `Bearer ${apiKey}`,
			'x-outlet-id': outletId,
			'x-outlet-code': 'JKT-001'
		};
		const r = await fetch(`${h.url}/api/v1/outlets/${outletId}/shifts`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				items: [
					{ ...closed, version: 1, status: 'open' },
					{ ...closed, local_id: 'SHIFT-bad', opening_cash: -1 }
				]
			})
		});
		const body = ShiftsPushResponse.parse(await r.json());
		expect(r.status).toBe(200);
		expect(body.data.results[0]).toMatchObject({ status: 'success', cloud_id: first?.cloud_id, version: 3 });
		expect(body.data.results[1]).toMatchObject({ local_id: 'SHIFT-bad', status: 'failed' });
		expect(body.data.results[1]?.error).toMatch(/opening_cash/);
		const [after] = await sql<{ status: string }>('select status from shifts where local_id = $1', [
			s.local_id
		]);
		expect(after?.status).toBe('closed');
	}, 60_000);
});
