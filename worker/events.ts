// Why: the worker talks back to the UI through one typed event map, delivered over a comlink-proxied callback.
import type { SyncJobDoc } from '../src/lib/db/types';

export type LeaderRole = 'leader' | 'follower' | 'starting';
export type AuthState = 'ok' | 'unauthorized' | 'unknown';
export type StreamState = 'off' | 'connecting' | 'connected' | 'waiting';

export interface ReplicationState {
	online: boolean;
	role: LeaderRole;
	configured: { ho: boolean; cloud: boolean };
	auth: { ho: AuthState; cloud: AuthState };
	/** Documents waiting to go to the cloud. */
	pending: { orders: number; transactions: number; product_updates: number; failed: number };
	last_pull_at: string | null;
	last_push_at: string | null;
	last_master_pull_at: string | null;
	last_error: { code: string; message: string; at: string } | null;
	stream: StreamState;
	last_event_id: number;
	/** Seconds to wait after a 429, 0 otherwise. */
	rate_limited_until: string | null;
}

export interface WorkerEvents {
	'sync-state': ReplicationState;
	'job-progress': SyncJobDoc;
	conflict: { id: string; entity_type: string; local_id: string; field: string };
	message: { id: string; kind: 'broadcast' | 'config'; title: string; level: string };
}

export type WorkerEventName = keyof WorkerEvents;
export type WorkerEventListener = <K extends WorkerEventName>(name: K, payload: WorkerEvents[K]) => void;

/** Fan-out of worker events to every subscribed UI callback (one per page using the worker). */
export class EventBus {
	#listeners = new Set<WorkerEventListener>();

	subscribe(cb: WorkerEventListener): () => void {
		this.#listeners.add(cb);
		return () => this.#listeners.delete(cb);
	}

	emit<K extends WorkerEventName>(name: K, payload: WorkerEvents[K]): void {
		for (const cb of this.#listeners) {
			try {
				// comlink proxies return promises; a closed page must not break the worker.
				const r = cb(name, payload) as unknown;
				if (r instanceof Promise) r.catch(() => this.#listeners.delete(cb));
			} catch {
				this.#listeners.delete(cb);
			}
		}
	}
}
