// Why: everything a handler needs (database, settings, network, locks, events, live flags) in one object passed explicitly, so Node tests build a real one.
import { UPDATES_MAX_LIMIT } from '../src/lib/contract/values';
import type { KasirDatabase } from '../src/lib/db/database';
import { loadSettings, saveSettings, type AllSettings } from '../src/lib/settings/store';
import type { EventBus, AuthState, LeaderRole, StreamState } from './events';
import type { FetchFn } from './net/http';
import type { Locks } from './net/locks';
import { openFence, type Fence } from './sync/lease';

export interface Tunables {
	/** Rows per HO page: the server's limit (1000), so a 10k catalogue is ten round trips. */
	hoPageLimit: number;
	/**
	 * Rows per cloud `updates` page (its `limit`); null asks without one (the server's default of 1000). The contract's
	 * maximum by default: a new device's first pull is then 3 pages of its 10k products instead of 11 (fewer round
	 * trips, checkpoint writes and per-page server work).
	 */
	cloudPageLimit: number | null;
	/**
	 * How long the cloud pull waits for a sync job's master steps before it applies a page anyway (reading each row, as
	 * it would without them): a slow or stuck job delays the cloud's changes and the reconnect's push by this at most.
	 */
	masterWaitMs: number;
	/** Minutes between full master-data pulls (seed 001: 6 h). */
	masterEveryMinutes: number;
	/** Minutes between stock/summary pushes (seed 004: hourly). */
	hourlyEveryMinutes: number;
	/** A running job's heartbeat older than this is a dead tab's job. */
	staleJobMs: number;
	/** The event stream is dropped and reopened after this long without a byte (the server pings every 15 s). */
	streamIdleMs: number;
	/** The replication leader beats this often (BroadcastChannel). */
	leaderBeatMs: number;
	/** A leader silent this long is hung: a follower takes the lock from it. */
	leaderStaleMs: number;
}

export const defaultTunables: Tunables = {
	hoPageLimit: 1000,
	cloudPageLimit: UPDATES_MAX_LIMIT,
	masterWaitMs: 20_000,
	masterEveryMinutes: 360,
	hourlyEveryMinutes: 60,
	staleJobMs: 30_000,
	streamIdleMs: 45_000,
	leaderBeatMs: 1000,
	leaderStaleMs: 4000
};

export interface LiveFlags {
	online: boolean;
	role: LeaderRole;
	hoAuth: AuthState;
	cloudAuth: AuthState;
	stream: StreamState;
	rateLimitedUntil: number;
}

export interface Ctx {
	db: KasirDatabase;
	fetch: FetchFn;
	locks: Locks;
	bus: EventBus;
	/** Base URL when a setting is empty (the worker's own origin in the browser). */
	origin: string;
	tunables: Tunables;
	flags: LiveFlags;
	settings(): Promise<AllSettings>;
	saveSettings(values: Partial<AllSettings>): Promise<void>;
	/** Called after a flag changes, so the state is re-sent to the UI. */
	changed(): void;
	/** Identifies this worker instance in logs and job docs. */
	instanceId: string;
	/** Asked before a write-back of network results: the replicator's term swaps in its lease (`worker/sync/lease.ts`). */
	fence: Fence;
}

export function createCtx(init: {
	db: KasirDatabase;
	fetch?: FetchFn;
	locks: Locks;
	bus: EventBus;
	origin: string;
	tunables?: Partial<Tunables>;
}): Ctx {
	let onChange = () => {};
	const ctx: Ctx = {
		db: init.db,
		fetch: init.fetch ?? ((input, initArg) => fetch(input, initArg)),
		locks: init.locks,
		bus: init.bus,
		origin: init.origin,
		tunables: { ...defaultTunables, ...init.tunables },
		flags: {
			online: typeof navigator === 'undefined' ? true : navigator.onLine !== false,
			role: 'starting',
			hoAuth: 'unknown',
			cloudAuth: 'unknown',
			stream: 'off',
			rateLimitedUntil: 0
		},
		settings: loadSettings,
		saveSettings,
		changed: () => onChange(),
		instanceId: crypto.randomUUID(),
		fence: openFence
	};
	Object.defineProperty(ctx, 'setOnChange', { value: (f: () => void) => (onChange = f) });
	return ctx;
}

export function setOnChange(ctx: Ctx, f: () => void): void {
	(ctx as unknown as { setOnChange: (f: () => void) => void }).setOnChange(f);
}
