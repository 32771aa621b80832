// Why: times a full sync of the demo photos (list, ≤5 downloads in flight, MD5, cache, RxDB, status reports) against the real server, in Node.
// Run: npx tsx bench/photos.ts [runs=3] [gapMs=0]   (the Chromium figure is printed by tests/e2e/photos-offline.test.ts)
import 'fake-indexeddb/auto';
import { StoresPage } from '../src/lib/contract/ho';
import { startServer } from '../tests/helpers/server';
import { MemoryPhotoCache } from '../worker/photos/cache';
import { syncPhotos } from '../worker/photos/engine';
import { demoLogin, testCtx } from '../worker/testing';

const runs = Number(process.argv[2] ?? 3);
const gapMs = Number(process.argv[3] ?? 0);
const server = await startServer();
try {
	for (let i = 1; i <= runs; i++) {
		const { ctx, db } = await testCtx(server.url);
		const { companyId } = await demoLogin(ctx, server.url);
		const token = (await ctx.settings()).ho_access;
		const r = await fetch(`${server.url}/api/sync/stores/?company_id=${companyId}`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		const store = StoresPage.parse(await r.json()).data.stores.find((s) => s.code === 'JKT-001');
		await ctx.saveSettings({ store_id: store?.id ?? '' });
		const cache = new MemoryPhotoCache();
		const t0 = performance.now();
		const s = await syncPhotos(ctx, { cache, startGapMs: gapMs });
		const ms = Math.round(performance.now() - t0);
		const bytes = [...cache.entries.values()].reduce((n, e) => n + e.bytes.byteLength, 0);
		console.log(
			JSON.stringify({
				run: i,
				photos: s.downloaded,
				failed: s.failed,
				ms,
				kb: Math.round(bytes / 1024),
				gap_ms: gapMs,
				phase_sums_ms: s.timings
			})
		);
		await db.remove();
	}
} finally {
	await server.stop();
}
