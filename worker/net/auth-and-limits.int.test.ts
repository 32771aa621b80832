// Why: an expired HO token is refreshed once, a refused login leaves `unauthorized` (queued writes kept), and a cloud 429 is honoured with retry_after.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { pushPending } from '../cloud/push';
import { pullEntity } from '../ho/pull';
import { startSync } from '../jobs/manager';
import '../jobs/steps';
import { demoOutlet } from '../testing';
import { workerHarness } from '../test-harness';
import { NetError } from './errors';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';

const h = workerHarness({ env: { RATE_LIMIT_PER_MINUTE: '3' } });

describe('HO auth', () => {
	it('refreshes a refused access token once and carries on', async () => {
		const t = await h.open();
		await demoOutlet(t.ctx, h.url);
		await t.ctx.saveSettings({ ho_access: 'expired.or.garbage' });
		expect(await pullEntity(t.ctx, 'categories')).toBeGreaterThan(0);
		expect((await t.ctx.settings()).ho_access).not.toBe('expired.or.garbage');
		expect(t.ctx.flags.hoAuth).toBe('ok');
	});

	it('says unauthorized when the refresh is refused too, and a sync start answers unauthorized', async () => {
		const t = await h.open();
		await demoOutlet(t.ctx, h.url);
		await t.ctx.saveSettings({ ho_access: 'bad', ho_refresh: 'bad' });
		await expect(pullEntity(t.ctx, 'categories')).rejects.toMatchObject({
			code: 'unauthorized'
		} satisfies Partial<NetError>);
		expect(t.ctx.flags.hoAuth).toBe('unauthorized');
		expect(await startSync(t.ctx, 'master')).toMatchObject({ success: false, error: 'unauthorized' });
	});
});

describe('cloud rate limit', () => {
	it('stops at a 429, remembers retry_after, and keeps every order queued', async () => {
		const t = await h.open();
		const db = t.db;
		const { outletId } = await demoOutlet(t.ctx, h.url);
		const now = new Date().toISOString();
		let limited: NetError | undefined;
		for (let i = 0; i < 6 && !limited; i++) {
			await db.transactions.insert({
				local_id: `tx-${crypto.randomUUID()}`,
				outlet_id: outletId,
				outlet_code: 'JKT-001',
				order_id: 'ORD-20260127-JKT001-0001',
				total_amount: 8000,
				payment_method: 'cash',
				cash_amount: 10000,
				change_amount: 2000,
				cashier_name: 'Ani',
				version: 1,
				created_at: now,
				updated_at: now,
				business_date: '2026-01-27',
				...NEVER_PUSHED
			});
			try {
				await pushPending(t.ctx);
			} catch (e) {
				if (e instanceof NetError && e.code === 'rate_limited') limited = e;
				else throw e;
			}
		}
		expect(limited?.retryAfter).toBeGreaterThan(0);
		expect(t.ctx.flags.rateLimitedUntil).toBeGreaterThan(Date.now());
		expect(await db.transactions.count({ selector: { sync_status: 'pending' } }).exec()).toBeGreaterThan(0);
		// While the wait runs, the client does not even ask.
		await expect(pushPending(t.ctx)).rejects.toMatchObject({ code: 'rate_limited' });
	});
});
