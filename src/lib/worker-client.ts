// Why: the one typed door from the UI to the worker: `api` is Remote<WorkerApi>, `on` subscribes to typed worker events.
import { proxy, wrap, type Remote } from 'comlink';
import type { ReplicationState, SalesApi, WorkerApi, WorkerEventName, WorkerEvents } from '../../worker/api';

export type { ReplicationState, WorkerApi, WorkerEventName, WorkerEvents };
export type { DoctorCheck, DoctorReport, DoctorRequest } from '../../worker/api';
export type { EdgeProbe, EdgeStatusReport } from '../../worker/api';
export type { FreedSpace, StartSyncResult, StorageStatus, SyncScope } from '../../worker/api';

/** The selling screen's writes, made by the worker (worker/sales): what the cart and the order services are handed. */
export type SalesClient = Remote<SalesApi>;

export interface WorkerClient {
	api: Remote<WorkerApi>;
	/** Calls `handler` for every `name` event; returns the unsubscribe. */
	on<K extends WorkerEventName>(name: K, handler: (payload: WorkerEvents[K]) => void): () => void;
	/** The last `sync-state` received (null before the first). */
	readonly state: ReplicationState | null;
	terminate(): void;
}

export function createWorkerClient(worker: Worker): WorkerClient {
	const api = wrap<WorkerApi>(worker);
	const handlers = new Map<WorkerEventName, Set<(payload: never) => void>>();
	let state: ReplicationState | null = null;
	const listener = <K extends WorkerEventName>(name: K, payload: WorkerEvents[K]) => {
		if (name === 'sync-state') state = payload as ReplicationState;
		for (const h of handlers.get(name) ?? []) (h as (p: WorkerEvents[K]) => void)(payload);
	};
	const subscription = api.subscribe(proxy(listener));
	subscription.catch(() => {});

	const forward = () => void api.setOnline(navigator.onLine).catch(() => {});
	if (typeof window !== 'undefined') {
		window.addEventListener('online', forward);
		window.addEventListener('offline', forward);
	}

	return {
		api,
		on(name, handler) {
			let set = handlers.get(name);
			if (!set) handlers.set(name, (set = new Set()));
			set.add(handler);
			return () => set.delete(handler);
		},
		get state() {
			return state;
		},
		terminate() {
			if (typeof window !== 'undefined') {
				window.removeEventListener('online', forward);
				window.removeEventListener('offline', forward);
			}
			worker.terminate();
		}
	};
}
