// Why: the photos step inside a real sync job: its progress and counts land in the job's results like the other steps.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PhotoListResponse, StoresPage } from '../../src/lib/contract/ho';
import type { KasirDatabase } from '../../src/lib/db/database';
import type { SyncJobDoc } from '../../src/lib/db/types';
import { startSync } from '../jobs/manager';
import '../jobs/steps';
import { demoLogin } from '../testing';
import { workerHarness } from '../test-harness';
import './step';

const h = workerHarness();

async function finished(d: KasirDatabase, id: string): Promise<SyncJobDoc> {
	for (;;) {
		const j = (await d.sync_jobs.findOne(id).exec())?.toMutableJSON();
		if (j && j.status !== 'running') return j;
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe('photos sync step', () => {
	it('runs after master data in a master sync and records downloaded/skipped/failed', async () => {
		const t = await h.open();
		const { companyId } = await demoLogin(t.ctx, h.url);
		const token = (await t.ctx.settings()).ho_access;
		const auth = { headers: { Authorization: `Bearer ${token}` } };
		const stores = StoresPage.parse(
			await (await fetch(`${h.url}/api/sync/stores/?company_id=${companyId}`, auth)).json()
		).data.stores;
		const storeId = stores.find((s) => s.code === 'JKT-001')?.id ?? '';
		await t.ctx.saveSettings({ store_id: storeId, outlet_id: storeId, outlet_code: 'JKT-001' });
		const photos = PhotoListResponse.parse(
			await (await fetch(`${h.url}/api/v1/sync/product-photos/?store_id=${storeId}&limit=1000`, auth)).json()
		).data.photos;

		const seen: string[] = [];
		const off = t.ctx.bus.subscribe((name, payload) => {
			if (name === 'job-progress') seen.push((payload as SyncJobDoc).current_step);
		});
		const started = await startSync(t.ctx, 'master');
		if (!started.success) throw new Error(started.message);
		const job = await finished(t.db, started.syncId);
		off();
		expect(job.status).toBe('completed');
		const names = Object.keys(job.results);
		expect(names.at(-1)).toBe('photos');
		expect(job.results.photos).toEqual({
			count: photos.length,
			status: 'success',
			error: null,
			detail: { downloaded: photos.length, skipped: 0, failed: 0, deleted: 0 }
		});
		expect(seen).toContain('Downloading product photos…');

		const second = await startSync(t.ctx, 'master');
		if (!second.success) throw new Error(second.message);
		const again = await finished(t.db, second.syncId);
		expect(again.results.photos).toMatchObject({
			count: 0,
			status: 'success',
			detail: { downloaded: 0, failed: 0 }
		});
	}, 60_000);
});
