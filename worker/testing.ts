// Why: builds a real worker context in Node (fake-indexeddb RxDB, real fetch to a real server, in-process locks) for unit tests.
import { openDatabase, type KasirDatabase } from '../src/lib/db/database';
import { createCtx, type Ctx, type Tunables } from './context';
import { EventBus } from './events';
import { platformLocks } from './net/locks';

export async function testCtx(serverUrl: string, tunables: Partial<Tunables> = {}): Promise<{ ctx: Ctx; db: KasirDatabase }> {
	const db = await openDatabase({ name: `test_${crypto.randomUUID().slice(0, 8)}`, indexedDB, IDBKeyRange, multiInstance: false });
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
	await ctx.saveSettings({ ho_url: serverUrl, cloud_url: serverUrl, ho_access: t.access, ho_refresh: t.refresh, ho_username: 'demo', company_id: companyId });
	return { companyId };
}
