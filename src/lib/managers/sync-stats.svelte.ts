// Why: the sync-statistics panel's state (the last read and whether a read runs), read from the open database by the service; the panel only shows it.
import { readSyncStats, type SyncStats } from '$lib/services/sync-stats.service';
import { handleError } from '$lib/services/error.service';
import { app } from './app.svelte';

class SyncStatsManager {
	stats = $state.raw<SyncStats | null>(null);
	busy = $state(false);

	/** Reads again unless the database is not open yet or a read already runs. */
	async refresh(): Promise<void> {
		const db = app.db;
		if (!db || this.busy) return;
		this.busy = true;
		try {
			this.stats = await readSyncStats(db);
		} catch (e) {
			handleError(e, 'sync statistics');
		} finally {
			this.busy = false;
		}
	}
}

export const syncStats = new SyncStatsManager();
