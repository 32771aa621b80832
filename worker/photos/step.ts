// Why: plugs the photo sync into the sync job as its `photos` step (after master data), with progress and counts like the other steps.
import { PHOTOS_STEP_ORDER, registerSyncStep } from '../jobs/steps';
import { platformPhotoCache } from './cache';
// The engine (and MD5) load when the step runs, not with the worker.
import type { PhotoCounts } from './engine';

const detailOf = (c: PhotoCounts) => ({
	downloaded: c.downloaded,
	skipped: c.skipped,
	failed: c.failed,
	deleted: c.deleted
});

registerSyncStep({
	name: 'photos',
	needs: 'ho',
	scopes: ['all', 'master'],
	order: PHOTOS_STEP_ORDER,
	message: { key: 'sync.step.photos', params: {}, text: 'Downloading product photos…' },
	run: async ({ ctx, signal, progress }) => {
		const { syncPhotos } = await import('./engine');
		const summary = await syncPhotos(ctx, {
			cache: platformPhotoCache(),
			signal,
			onProgress: (p) =>
				progress(p.total > 0 ? Math.min(0.99, p.done / p.total) : 0, p.downloaded, detailOf(p))
		});
		return { count: summary.downloaded, detail: detailOf(summary) };
	}
});
