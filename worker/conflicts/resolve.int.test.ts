// Why: a product edit based on an old version becomes a local conflict; a resolution chosen offline is queued, then sent and applied.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { pushPending } from '../cloud/push';
import { pullEntity } from '../ho/pull';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { queueResolution, sendQueuedResolutions } from './resolve';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';

const h = workerHarness();

describe('conflicts', () => {
	it('turns a stale product update into a conflict, queues the resolution, then resolves it at the cloud', async () => {
		const t = await h.open();
		const db = t.db;
		await demoOutlet(t.ctx, h.url);
		await pullEntity(t.ctx, 'products');
		const p = (await db.products.findOne({ selector: { is_deleted: false } }).exec())!;
		const token = (await t.ctx.settings()).ho_access;
		// HQ moves the price on (cloud version +1) while the till still has the old version.
		const hq = await fetch(`${h.url}/api/v1/admin/products/${p.id}`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ price: p.price + 2000 })
		});
		expect(hq.status).toBe(200);
		const now = new Date().toISOString();
		await db.product_updates.insert({
			id: crypto.randomUUID(),
			product_id: p.id,
			changes: { price: p.price + 500 },
			base_version: p.version,
			version: 1,
			result: null,
			created_at: now,
			updated_at: now,
			...NEVER_PUSHED
		});
		const sum = await pushPending(t.ctx);
		expect(sum.conflicts).toBe(1);
		const c = (await db.conflicts.findOne({ selector: { status: 'open' } }).exec())!;
		expect(c.field).toBe('price');
		expect(c.cloud_value).toBe(p.price + 2000);
		expect(c.local_value).toBe(p.price + 500);

		// Chosen while offline: only queued.
		expect(await queueResolution(t.ctx, c.id, 'local_wins', 'manager', 'our promo price')).toEqual({
			ok: true,
			value: { queued: true }
		});
		expect((await db.conflicts.findOne(c.id).exec())!.status).toBe('resolving');
		expect(await sendQueuedResolutions(t.ctx)).toBe(1);
		const done = (await db.conflicts.findOne(c.id).exec())!;
		expect(done.status).toBe('resolved');
		expect(done.applied_value).toBe(p.price + 500);
		expect((await db.products.findOne(p.id).exec())!.price).toBe(p.price + 500);
		expect(await queueResolution(t.ctx, c.id, 'cloud_wins', 'manager', null)).toMatchObject({
			ok: false,
			error: { code: 'already_resolved' }
		});
	});
});
