// Staff and discounts as contract extensions over real HTTP: the outlet's staff (PIN hashes only), discount presets and
// limit are set through the HO store config (validated, documented); an order push carries who took it and its
// discounts, which the cloud stores once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, order } from './cloud-helpers.ts';
import { call, session } from './ho-helpers.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const HASH = 'pbkdf2$100000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';

describe('till staff and discounts (contract extensions)', () => {
	it('sets staff, presets and the ad-hoc limit through the store config; refuses a PIN in clear or an unknown role', async () => {
		const s = await session(server);
		const path = `/api/v1/admin/stores/${s.jktStoreId}/config`;
		const good = await call(server, path, {
			method: 'PATCH',
			token: s.token,
			json: {
				staff: [{ id: 'stf-1', name: 'Sari', role: 'cashier', pin_hash: HASH }],
				discounts: [{ id: 'member', name: 'Member', kind: 'percent', value: 10, scope: 'order' }],
				discount_limit_percent: 15
			}
		});
		expect(good.status).toBe(200);
		expect(good.body.data?.config).toMatchObject({
			staff: [{ id: 'stf-1', role: 'cashier', pin_hash: HASH }],
			discount_limit_percent: 15
		});
		for (const staff of [
			[{ id: 'stf-2', name: 'Budi', role: 'cashier', pin_hash: '1234' }],
			[{ id: 'stf-2', name: 'Budi', role: 'owner', pin_hash: HASH }]
		]) {
			const bad = await call(server, path, { method: 'PATCH', token: s.token, json: { staff } });
			expect(bad.status).toBe(400);
		}
		const badDiscount = await call(server, path, {
			method: 'PATCH',
			token: s.token,
			json: { discounts: [{ id: 'x', name: 'X', kind: 'free', value: 10 }] }
		});
		expect(badDiscount.status).toBe(400);
	});

	it('stores the order push extensions once: cashier, staff id, voider, discounts', async () => {
		const discount = {
			kind: 'percent',
			value: 10,
			name: 'Member',
			preset_id: 'member',
			given_by: 'Sari',
			given_by_id: 'stf-1',
			approved_by: null,
			approved_by_id: null
		};
		const o = order(JKT, {
			items: [
				{
					product_name: 'Nasi Goreng',
					category: 'Food',
					qty: 2,
					price: 35000,
					subtotal: 70000,
					discount: {
						...discount,
						name: 'Rusak',
						preset_id: null,
						approved_by: 'Budi',
						approved_by_id: 'stf-2'
					},
					discount_amount: 7000
				}
			],
			discount,
			discount_amount: 13300,
			cashier_name: 'Sari',
			staff_id: 'stf-1',
			total_amount: 64_832
		});
		const first = await cloud(server, JKT, '/orders', { json: o });
		expect(first.status).toBe(200);
		const again = await cloud(server, JKT, '/orders', { json: o });
		expect(again.status).toBe(200);
		expect(again.body.data).toMatchObject({ cloud_id: (first.body.data as { cloud_id: string }).cloud_id });
		const voided = await cloud(server, JKT, '/orders', {
			json: { ...o, status: 'void', voided_by: 'Budi', version: 2, updated_at: '2026-01-27T11:00:00Z' }
		});
		expect(voided.status).toBe(200);
		const negative = await cloud(server, JKT, '/orders', {
			json: { ...o, local_id: `${o.local_id}-n`, discount_amount: -1 }
		});
		expect(negative.status).toBe(400);

		await server.halt();
		const db = await openDb({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
		try {
			const { rows } = await db.query<Record<string, unknown>>(
				`select status, cashier_name, staff_id, voided_by, discount_amount::int as discount_amount, discount, items
				   from orders where local_id like $1`,
				[`${o.local_id}%`]
			);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				status: 'void',
				cashier_name: 'Sari',
				staff_id: 'stf-1',
				voided_by: 'Budi',
				discount_amount: 13300,
				discount: { preset_id: 'member', value: 10 },
				items: [{ discount_amount: 7000, discount: { approved_by: 'Budi' } }]
			});
		} finally {
			await db.close();
			await server.restart();
		}
	});

	it('documents the extensions in the OpenAPI document', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
			components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
		};
		const schemas = doc.components.schemas;
		expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['HoStaff', 'HoDiscountPreset']));
		expect(Object.keys(schemas.OrderPush?.properties ?? {})).toEqual(
			expect.arrayContaining(['cashier_name', 'staff_id', 'voided_by', 'discount_amount', 'discount'])
		);
		expect(Object.keys(schemas.HoStoreConfigPatch?.properties ?? {})).toEqual(
			expect.arrayContaining(['staff', 'discounts', 'discount_limit_percent'])
		);
	});
});
