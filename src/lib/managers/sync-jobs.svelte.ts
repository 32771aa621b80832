// Why: the manual sync's live progress and its history, followed from the shared sync_jobs collection (any tab's job shows everywhere).
import type { SyncJobDoc } from '$lib/db';
import type { StoreClient } from '$lib/store-client';

/** How many jobs the history lists (newest first). */
const HISTORY_SIZE = 20;

class SyncJobsManager {
	history = $state.raw<SyncJobDoc[]>([]);
	/** The job this screen started or watches (live from worker events and the collection). */
	currentId = $state<string | null>(null);
	current = $derived(
		this.history.find((j) => j.id === this.currentId) ??
			this.history.find((j) => j.status === 'running') ??
			null
	);
	running = $derived(this.history.some((j) => j.status === 'running'));
	#stop: (() => void) | null = null;

	attach(store: StoreClient): void {
		this.#stop?.();
		this.#stop = store.watch({ name: 'syncJobs', limit: HISTORY_SIZE }, (jobs) => (this.history = jobs));
	}

	/** A progress event from the worker can arrive before the collection emits: merge it in. */
	apply(job: SyncJobDoc): void {
		const rest = this.history.filter((j) => j.id !== job.id);
		this.history = [job, ...rest].sort((a, b) => b.started_at.localeCompare(a.started_at));
	}
}

export const syncJobs = new SyncJobsManager();
