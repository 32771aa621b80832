// Why: times a full sync of the demo photos (list, ≤5 downloads in flight, MD5, cache, RxDB, status reports) against the
// real server, in Node, beside its floor: the same list and downloads with nothing else (no checks, no storage).
// Run: npm run bench -- photos   (BENCH_PHOTO_RUNS=3, BENCH_PHOTO_GAP_MS=0; the Chromium figure is printed by tests/e2e/photos-offline.test.ts)
import 'fake-indexeddb/auto';
import { PhotoListResponse, StoresPage, type Photo } from '../src/lib/contract/ho';
import { startServer } from '../tests/helpers/server';
import { MemoryPhotoCache } from '../worker/photos/cache';
import { syncPhotos } from '../worker/photos/engine';
import { demoLogin, testCtx } from '../worker/testing';
import { median, report, SMOKE } from './lib';

async function rawDownloads(url: string, token: string, storeId: string): Promise<number> {
	const auth = { headers: { Authorization: `Bearer ${token}` } };
	const photos: Photo[] = [];
	for (let offset: number | null = 0; offset !== null;) {
		const r = await fetch(
			`${url}/api/v1/sync/product-photos/?store_id=${storeId}&limit=100&offset=${offset}`,
			auth
		);
		const b: PhotoListResponse['data'] = PhotoListResponse.parse(await r.json()).data;
		photos.push(...b.photos);
		offset = b.has_more ? b.next_offset : null;
	}
	const queue = [...photos];
	await Promise.all(
		Array.from({ length: 5 }, async () => {
			for (let p = queue.shift(); p; p = queue.shift()) {
				const r = await fetch(
					`${url}/api/v1/sync/product-photos/${p.id}/download/?store_id=${storeId}`,
					auth
				);
				await r.arrayBuffer();
			}
		})
	);
	return photos.length;
}

export async function benchPhotos(): Promise<void> {
	const runs = SMOKE ? 1 : Number(process.env.BENCH_PHOTO_RUNS ?? 3);
	const gapMs = Number(process.env.BENCH_PHOTO_GAP_MS ?? 0);
	const server = await startServer();
	const kasir: number[] = [];
	const floor: number[] = [];
	let photos = 0;
	let kb = 0;
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
			kasir.push(performance.now() - t0);
			photos = s.downloaded;
			kb = Math.round([...cache.entries.values()].reduce((n, e) => n + e.bytes.byteLength, 0) / 1024);
			await db.remove();
			const f0 = performance.now();
			await rawDownloads(server.url, token, store?.id ?? '');
			floor.push(performance.now() - f0);
		}
	} finally {
		await server.stop();
	}
	report('photos', [
		{
			measure: `photo sync of the demo store (${photos} photos, ${kb} KB, Node)`,
			kasir: median(kasir),
			floor: median(floor),
			unit: 'ms',
			detail: { runs, gap_ms: gapMs }
		}
	]);
}
