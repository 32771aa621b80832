// Counting failures per key in a fixed window (login per username and per address, bad API keys
// per address): in memory, per process, which is enough to make guessing slow; see docs/security.md.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export class FailureWindow {
	private readonly hits = new Map<string, { start: number; count: number }>();
	private lastSweep = Date.now();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		/** Keys kept at most; the oldest windows go first when a flood of new keys arrives. */
		private readonly maxKeys = 100_000
	) {}

	/** Seconds until `key` may try again, or 0 when it is under its limit. */
	blockedFor(key: string, now = Date.now()): number {
		const w = this.hits.get(key);
		if (!w || now - w.start >= this.windowMs || w.count < this.limit) return 0;
		return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
	}

	/** Counts one failure; answers the seconds to wait when this one reached the limit. */
	fail(key: string, now = Date.now()): number {
		this.sweep(now);
		let w = this.hits.get(key);
		if (!w || now - w.start >= this.windowMs) {
			w = { start: now, count: 0 };
			this.hits.delete(key);
			this.hits.set(key, w);
		}
		w.count++;
		return this.blockedFor(key, now);
	}

	reset(key: string): void {
		this.hits.delete(key);
	}

	private sweep(now: number): void {
		if (now - this.lastSweep > this.windowMs) {
			for (const [k, w] of this.hits) if (now - w.start >= this.windowMs) this.hits.delete(k);
			this.lastSweep = now;
		}
		// Map keeps insertion order: drop the oldest when full.
		while (this.hits.size >= this.maxKeys) {
			const oldest = this.hits.keys().next().value;
			if (oldest === undefined) break;
			this.hits.delete(oldest);
		}
	}
}

/** The TCP peer's address (no X-Forwarded-For: a proxy in front must do its own limiting). */
export function clientAddress(c: Context): string {
	try {
		return getConnInfo(c).remote.address ?? 'unknown';
	} catch {
		return 'unknown';
	}
}
