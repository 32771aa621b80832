// Why: one boot for every page: opens the shared RxDB on the UI thread and starts the replication worker (once per tab).
import { openDatabase, type KasirDatabase } from '$lib/db/database';
import { createWorkerClient, type WorkerClient } from '$lib/worker-client';

export interface App {
	db: KasirDatabase;
	worker: WorkerClient;
}

declare global {
	interface Window {
		/** Diagnostics and test hook (the same objects the app uses); holds no secrets. */
		__kasir?: App;
	}
}

let booting: Promise<App> | undefined;

export function boot(): Promise<App> {
	booting ??= (async () => {
		const db = await openDatabase();
		const w = new Worker(new URL('../../../worker/main.ts', import.meta.url), {
			type: 'module',
			name: 'kasir-replicator'
		});
		const worker = createWorkerClient(w);
		const app: App = { db, worker };
		window.__kasir = app;
		return app;
	})();
	return booting;
}
