// Why: one boot for every page: starts the worker, which opens (and migrates) the local database; the UI thread opens
// its own RxDB instance only when a screen other than selling asks for it (`database()`, a dynamic import), so the
// selling screen's first load carries no RxDB (docs/performance.md, "Ninth pass").
import type { KasirDatabase } from '$lib/db/database';
import { createWorkerClient, type WorkerClient } from '$lib/worker-client';

export interface App {
	worker: WorkerClient;
	/** Resolves once the worker has opened (and migrated) the database; rejects if the worker failed to start. */
	ready: Promise<void>;
	/**
	 * The UI thread's own RxDB instance (the orders, reports, shift, settings… screens), opened on first call after the
	 * worker's open; RxDB's stack is its own chunk, precached by the service worker.
	 */
	database(): Promise<KasirDatabase>;
	/** The UI thread's instance once `database()` opened it (diagnostics and tests). */
	db?: KasirDatabase;
}

declare global {
	interface Window {
		/** Diagnostics and test hook (the same objects the app uses); holds no secrets. */
		__kasir?: App;
	}
}

let booting: Promise<App> | undefined;

export function boot(): Promise<App> {
	booting ??= Promise.resolve().then(() => {
		const w = new Worker(new URL('../../../worker/main.ts', import.meta.url), {
			type: 'module',
			name: 'kasir-replicator'
		});
		const worker = createWorkerClient(w);
		// The worker answers its first call once its database is open (it holds messages until then); a worker that
		// fails to start (its open threw) never answers, so its error event rejects instead.
		const ready = new Promise<void>((resolve, reject) => {
			w.addEventListener('error', (e) => reject(new Error(e.message || 'The worker failed to start')), {
				once: true
			});
			worker.api.databaseReady().then(() => resolve(), reject);
		});
		ready.catch(() => undefined);
		let opening: Promise<KasirDatabase> | undefined;
		const app: App = {
			worker,
			ready,
			database() {
				opening ??= ready
					.then(() => import('$lib/db/database'))
					.then(({ openDatabase }) => openDatabase())
					.then((db) => (app.db = db));
				return opening;
			}
		};
		window.__kasir = app;
		return app;
	});
	return booting;
}
