// Helpers shared by the replication e2e files: boot the diagnostics page, set up the demo outlet, make orders with the domain's builders.
import type { Page } from 'playwright-core';
import { buildOrderPayload, orderNumber } from '../../src/lib/domain/order';
import type { OrderDoc, SyncJobDoc } from '../../src/lib/db/types';
import type { StartSyncResult } from '../../worker/api';
import { until } from '../helpers/wait';
import { NEVER_PUSHED } from '../../src/lib/db/push-state';

export { until };

export const DEMO = {
	username: 'demo',
	password: 'demo1234',
	outletCode: 'JKT-001',
	apiKey: 'demo-key-jkt-001'
};

/**
 * Opens the diagnostics page once the service worker controls the origin (the app reloads itself when
 * the worker first takes control, which would tear down a test's page.evaluate midway).
 */
export async function openDiagnostics(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/diagnostics`);
	const controlled = await page
		.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 20_000 })
		.then(() => true)
		.catch(() => false);
	if (controlled) await page.goto(`${url}/diagnostics`);
	await page.waitForFunction(() => Boolean(window.__kasir), undefined, { timeout: 60_000 });
}

/** The outlet the wizard picks, as the HO lists it. */
export type DemoOutlet = { id: string; company_id: string; brand_id: string; code: string };

/** The wizard's first steps: HO login and JKT-001 picked (nothing saved yet: the replicator stays idle). */
export async function pickDemoOutlet(page: Page): Promise<DemoOutlet> {
	return page.evaluate(async (demo) => {
		const w = window.__kasir!.worker.api;
		const login = await w.login('', demo.username, demo.password);
		if (!login.ok) throw new Error(login.error.message);
		const stores = await w.listStores(login.value.company_id);
		if (!stores.ok) throw new Error(stores.error.message);
		const jkt = stores.value.find((s) => s.code === demo.outletCode);
		if (!jkt) throw new Error(`no ${demo.outletCode}`);
		return { id: jkt.id, company_id: jkt.company_id, brand_id: jkt.brand_id, code: jkt.code };
	}, DEMO);
}

/** The wizard's save: the picked outlet and its cloud key (this starts the replicator); `cloudUrl` when the cloud is
 * not the page's origin (empty: the same origin, as before). */
export async function saveDemoOutlet(page: Page, o: DemoOutlet, cloudUrl = ''): Promise<void> {
	await page.evaluate(
		async ({ o, key, cloudUrl }) => {
			await window.__kasir!.worker.api.saveSettings({
				company_id: o.company_id,
				brand_id: o.brand_id,
				store_id: o.id,
				outlet_id: o.id,
				outlet_code: o.code,
				cloud_api_key: key,
				...(cloudUrl ? { cloud_url: cloudUrl } : {})
			});
		},
		{ o, key: DEMO.apiKey, cloudUrl }
	);
}

/** What the setup wizard does: HO login, pick JKT-001, save its cloud key (and `cloudUrl`). Returns the outlet id. */
export async function setupDemoOutlet(
	page: Page,
	cloudUrl = ''
): Promise<{ outletId: string; companyId: string }> {
	const o = await pickDemoOutlet(page);
	await saveDemoOutlet(page, o, cloudUrl);
	return { outletId: o.id, companyId: o.company_id };
}

export async function startSync(
	page: Page,
	scope: 'all' | 'master' | 'push' | 'pull' = 'all'
): Promise<StartSyncResult> {
	return page.evaluate<StartSyncResult, typeof scope>((s) => window.__kasir!.worker.api.startSync(s), scope);
}

export async function job(page: Page, id: string): Promise<SyncJobDoc | null> {
	return page.evaluate(
		async (jobId) =>
			(await (await window.__kasir!.database()).sync_jobs.findOne(jobId).exec())?.toMutableJSON() ?? null,
		id
	);
}

export async function finishedJob(page: Page, id: string): Promise<SyncJobDoc> {
	return until(async () => {
		const j = await job(page, id);
		return j && j.status !== 'running' ? j : null;
	});
}

export async function hoToken(url: string): Promise<string> {
	const r = await fetch(`${url}/api/auth/login/`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: DEMO.username, password: DEMO.password })
	});
	return ((await r.json()) as { access: string }).access;
}

/** Rows the HO serves for one master collection (all pages). */
export async function serverCount(
	url: string,
	token: string,
	companyId: string,
	entity: string,
	live = false
): Promise<number> {
	let since: string | null = null;
	const rows: { is_deleted: boolean }[] = [];
	for (;;) {
		const q = new URLSearchParams({ company_id: companyId, limit: '1000' });
		if (since) q.set('since', since);
		const r = await fetch(`${url}/api/sync/${entity}/?${q}`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		const b = (await r.json()) as {
			data: Record<string, { is_deleted: boolean }[]> & { checkpoint: string; has_more: boolean };
		};
		rows.push(...(b.data[entity] as unknown as { is_deleted: boolean }[]));
		since = b.data.checkpoint;
		if (!b.data.has_more) return live ? rows.filter((x) => !x.is_deleted).length : rows.length;
	}
}

/** `n` paid orders as the POS stores them (domain payload + local bookkeeping), numbered from `from`. */
export function makeOrders(outletId: string, n: number, from = 1): OrderDoc[] {
	const now = new Date().toISOString();
	return Array.from({ length: n }, (_, k) => {
		const i = from + k;
		const price = 18000 + (i % 7) * 1000;
		const p = buildOrderPayload({
			context: {
				local_id: orderNumber(now, 'Asia/Jakarta', DEMO.outletCode, i),
				outlet_id: outletId,
				outlet_code: DEMO.outletCode,
				table_number: `A-${String((i % 12) + 1).padStart(2, '0')}`,
				pax: 2,
				version: 1,
				created_at: now,
				updated_at: now
			},
			lines: [
				{
					line_id: 'L1',
					product_id: 'p',
					product_name: 'Nasi Goreng',
					category: 'Makanan',
					unit_price: price,
					qty: 2,
					modifiers: [],
					note: '',
					destination: 'kitchen',
					status: 'served'
				}
			],
			totals: { total: price * 2 },
			status: 'paid',
			payment: { method: 'cash', paid_at: now }
		});
		return {
			...p,
			order_number: p.local_id,
			payments: [],
			items: p.items.map((it) => ({ ...it, modifiers: [] })),
			subtotal: price * 2,
			service_amount: 0,
			tax_amount: 0,
			rounding_amount: 0,
			void_reason: null,
			business_date: now.slice(0, 10),
			...NEVER_PUSHED
		} satisfies OrderDoc;
	});
}

export async function insertOrders(page: Page, docs: OrderDoc[]): Promise<void> {
	await page.evaluate(async (d) => {
		const r = await (await window.__kasir!.database()).orders.bulkInsert(d);
		if (r.error.length) throw new Error(`insert failed: ${r.error.length}`);
	}, docs);
}

export async function localOrderStats(page: Page): Promise<{
	total: number;
	synced: number;
	pending: number;
	failed: number;
	withCloudId: number;
	cloudIds: number;
}> {
	return page.evaluate(async () => {
		const all = (await (await window.__kasir!.database()).orders.find().exec()).map((d) => d.toMutableJSON());
		return {
			total: all.length,
			synced: all.filter((o) => o.sync_status === 'synced').length,
			pending: all.filter((o) => o.sync_status === 'pending').length,
			failed: all.filter((o) => o.sync_status === 'failed').length,
			withCloudId: all.filter((o) => o.cloud_id).length,
			cloudIds: new Set(all.map((o) => o.cloud_id).filter(Boolean)).size
		};
	});
}
