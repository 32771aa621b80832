// Why: only correctly signed events with a new id are applied (replay guard), and each kind lands in the right collection.
import 'fake-indexeddb/auto';
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDatabase } from '../../src/lib/db/database';
import { META, getMeta } from '../../src/lib/db/meta';
import { testCtx } from '../testing';
import { eventKey, verifyEvent } from './signature';
import { handleMessage } from './stream';
import { productDoc } from '../../tests/helpers/product-docs';

const API_KEY = 'demo-key-jkt-001';
// The server's way (server/auth.ts): HMAC keyed by the sha256 hex of the key, over `${id}.${json}`.
const serverSign = (id: number, payload: unknown) =>
	createHmac('sha256', createHash('sha256').update(API_KEY).digest('hex'))
		.update(`${id}.${JSON.stringify(payload)}`)
		.digest('hex');
const msg = (id: number, payload: Record<string, unknown>, signature = serverSign(id, payload)) => ({
	id: String(id),
	event: String(payload.event),
	data: JSON.stringify({ signature, payload })
});

let db: KasirDatabase | undefined;
afterEach(async () => {
	await db?.remove();
	db = undefined;
});

describe('event stream messages', () => {
	it('verifies with Web Crypto what the server signs with node:crypto', async () => {
		const key = await eventKey(API_KEY);
		const payload = { event: 'x', n: 1, s: 'é' };
		expect(await verifyEvent(key, '5', JSON.stringify(payload), serverSign(5, payload))).toBe(true);
		expect(await verifyEvent(key, '6', JSON.stringify(payload), serverSign(5, payload))).toBe(false);
		expect(await verifyEvent(key, '5', JSON.stringify(payload), 'zz')).toBe(false);
	});

	it('applies a signed price change once, rejects forgeries and replays', async () => {
		const t = await testCtx('http://127.0.0.1:1');
		db = t.db;
		const now = new Date().toISOString();
		await db.products.insert(
			productDoc({ sku: 'A', name: 'Es Teh', price: 8000, destination: 'bar', updated_at: now })
		);
		const key = await eventKey(API_KEY);
		const upd = (price: number, version: number) => ({
			event: 'entity.updated',
			timestamp: now,
			entity_type: 'product',
			cloud_id: 'p1',
			local_id: 'p1',
			data: { price, version },
			version
		});

		// Forged: right shape, wrong signature → ignored, cursor not moved.
		expect(await handleMessage(t.ctx, key, msg(10, upd(1, 9), 'ab'.repeat(32)))).toBe(false);
		expect((await db.products.findOne('p1').exec())?.price).toBe(8000);
		expect(await getMeta(db, META.eventsLastId)).toBeUndefined();

		expect(await handleMessage(t.ctx, key, msg(10, upd(9000, 2)))).toBe(true);
		expect((await db.products.findOne('p1').exec())?.price).toBe(9000);
		expect(await getMeta(db, META.eventsLastId)).toBe(10);

		// Replay of an old id (even correctly signed) is dropped.
		expect(await handleMessage(t.ctx, key, msg(9, upd(1, 5)))).toBe(false);
		expect((await db.products.findOne('p1').exec())?.price).toBe(9000);

		await handleMessage(
			t.ctx,
			key,
			msg(11, {
				event: 'entity.deleted',
				timestamp: now,
				entity_type: 'product',
				cloud_id: 'p1',
				local_id: 'p1',
				deleted_at: now
			})
		);
		expect((await db.products.findOne('p1').exec())?.is_deleted).toBe(true);

		await handleMessage(
			t.ctx,
			key,
			msg(12, {
				event: 'broadcast.message',
				timestamp: now,
				message_id: 'm1',
				title: 'Hi',
				message: 'Stock opname 17:00',
				level: 'info'
			})
		);
		expect((await db.messages.findOne('m1').exec())?.message).toBe('Stock opname 17:00');

		const conflict = {
			event: 'sync.conflict',
			timestamp: now,
			entity_type: 'product',
			cloud_id: 'p1',
			local_id: 'p1',
			conflict_id: 'c-1',
			resolution_required: true,
			conflict: {
				field: 'price',
				cloud_value: 40000,
				cloud_version: 4,
				cloud_updated_at: now,
				local_value: 38000,
				local_version: 3,
				local_updated_at: now
			}
		};
		await handleMessage(t.ctx, key, msg(13, conflict));
		const c = await db.conflicts.findOne('c-1').exec();
		expect(c?.status).toBe('open');
		expect(c?.cloud_value).toBe(40000);
		expect(await getMeta(db, META.eventsLastId)).toBe(13);

		// Signed but not what the contract says (a price as text): skipped whole, the cursor still moves on.
		const junk = { ...upd(9000, 3), data: { price: '9500', name: 'Es Teh Manis', version: 3 } };
		expect(await handleMessage(t.ctx, key, msg(14, junk))).toBe(false);
		const p = await db.products.findOne('p1').exec();
		expect([p?.price, p?.name, p?.version]).toEqual([9000, 'Es Teh', 2]);
		expect(await getMeta(db, META.eventsLastId)).toBe(14);
		// A category update is told apart by entity_type and parsed with its own schema.
		expect(
			await handleMessage(
				t.ctx,
				key,
				msg(15, { ...upd(1, 1), entity_type: 'category', data: { sort_order: 'x' } })
			)
		).toBe(false);
	});
});
