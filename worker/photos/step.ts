// Why: plugs the photo sync into the sync job as its `photos` step (after master data), with progress and counts like the other steps.
import { setMeta } from '../../src/lib/db/meta';
import { PHOTOS_STEP_ORDER, registerSyncStep } from '../jobs/steps';
import { platformPhotoCache } from './cache';
import { syncPhotos } from './engine';

export const PHOTOS_STEP_KEY = 'photos:step';

registerSyncStep({
	name: 'photos',
	needs: 'ho',
	scopes: ['all', 'master'],
	order: PHOTOS_STEP_ORDER,
	message: { key: 'sync.step.photos', params: {}, text: 'Downloading product photos…' },
	run: async ({ ctx, signal, progress }) => {
		const summary = await syncPhotos(ctx, {
			cache: platformPhotoCache(),
			signal,
			onProgress: (p) => progress(p.total > 0 ? Math.min(0.99, p.done / p.total) : 0, p.downloaded)
		});
		await setMeta(ctx.db, PHOTOS_STEP_KEY, { downloaded: summary.downloaded, skipped: summary.skipped, failed: summary.failed, deleted: summary.deleted });
		return summary.downloaded;
	}
});
