// Why: builds a real worker context in Node (fake-indexeddb RxDB, real fetch to a real server, in-process locks) for unit tests.
import { openDatabase, type KasirDatabase } from '../src/lib/db/database';
import { createCtx, type Ctx, type Tunables } from './context';
import { EventBus } from './events';
import { platformLocks } from './net/locks';

export async function testCtx(
	serverUrl: string,
	tunables: Partial<Tunables> = {}
): Promise<{ ctx: Ctx; db: KasirDatabase }> {
	const db = await openDatabase({
		name: `test_${crypto.randomUUID().slice(0, 8)}`,
		indexedDB,
		IDBKeyRange,
		multiInstance: false
	});
	const ctx = createCtx({ db, locks: platformLocks(), bus: new EventBus(), origin: serverUrl, tunables });
	return { ctx, db };
}

/** Logs in as the demo HO user and picks the demo company/store (what the setup wizard does). */
export async function demoLogin(ctx: Ctx, serverUrl: string): Promise<{ companyId: string }> {
	const r = await fetch(`${serverUrl}/api/auth/login/`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username: 'demo', password: 'demo1234' })
	});
	const t = (await r.json()) as { access: string; refresh: string; user?: { company_id: string } };
	const companyId = t.user?.company_id ?? '';
	await ctx.saveSettings({
		ho_url: serverUrl,
		cloud_url: serverUrl,
		ho_access: t.access,
		ho_refresh: t.refresh,
		ho_username: 'demo',
		company_id: companyId
	});
	return { companyId };
}

/** Logs in and configures the JKT-001 outlet with its cloud key (the full setup). */
export async function demoOutlet(
	ctx: Ctx,
	serverUrl: string
): Promise<{ outletId: string; companyId: string; apiKey: string }> {
	const { companyId } = await demoLogin(ctx, serverUrl);
	const s = await ctx.settings();
	const r = await fetch(`${serverUrl}/api/sync/stores/?company_id=${companyId}&limit=1000`, {
		headers: { Authorization: `Bearer ${s.ho_access}` }
	});
	const b = (await r.json()) as { data: { stores: { id: string; code: string; brand_id: string }[] } };
	const jkt = b.data.stores.find((x) => x.code === 'JKT-001');
	if (!jkt) throw new Error('demo store JKT-001 missing');
	const apiKey = 'demo-key-jkt-001';
	await ctx.saveSettings({
		store_id: jkt.id,
		outlet_id: jkt.id,
		outlet_code: 'JKT-001',
		brand_id: jkt.brand_id,
		cloud_api_key: apiKey
	});
	return { outletId: jkt.id, companyId, apiKey };
}

/** The cloud's own count of this outlet's orders (GET …/sync/status). */
export async function cloudOrderCount(
	serverUrl: string,
	outletId: string,
	apiKey = 'demo-key-jkt-001'
): Promise<{ orders: number; transactions: number }> {
	const r = await fetch(`${serverUrl}/api/v1/outlets/${outletId}/sync/status`, {
		headers: { Authorization: `Bearer ${apiKey}`, 'X-Outlet-ID': outletId, 'X-Outlet-Code': 'JKT-001' }
	});
	const b = (await r.json()) as { data: { orders: number; transactions: number } };
	return b.data;
}
