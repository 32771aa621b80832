// One edge per outlet: the edge claims its outlet upstream (POST …/edge/claim) and renews the lease every third of it.
// While another edge holds the outlet the claim is refused: this edge logs it, shows it in its status and the
// forwarder sends nothing (two edges forwarding one outlet would each replay the other's tablets' sales).
import { hostname } from 'node:os';
import { CloudErrorBody } from '../../src/lib/contract/cloud.ts';
import { EdgeClaimResponse, EdgeConflictBody } from '../../src/lib/contract/edge.ts';
import { log } from '../log.ts';
import type { EdgeContext, EdgePart } from './types.ts';

export type ClaimState = 'held' | 'refused' | 'unknown';

export interface ClaimStatus extends Record<string, unknown> {
	state: ClaimState;
	edge_id: string;
	lease_seconds: number | null;
	last_renewed_at: string | null;
	/** Why the claim is refused or unknown (the other edge and when it was last seen, or the upstream error). */
	message: string | null;
	other_edge: { edge_id: string; host: string; last_seen_at: string } | null;
}

const DEFAULT_LEASE_S = 60;

/** The claim of one edge context: shared by the claim part (which renews it) and the forwarder (which asks it). */
export class EdgeClaim {
	#status: ClaimStatus;
	#renewedAtMs = 0;
	#inFlight: Promise<ClaimState> | null = null;

	constructor(private readonly ctx: EdgeContext) {
		this.#status = {
			state: 'unknown',
			edge_id: ctx.edge.edgeId,
			lease_seconds: null,
			last_renewed_at: null,
			message: 'not claimed yet',
			other_edge: null
		};
	}

	get status(): ClaimStatus {
		return { ...this.#status };
	}

	get leaseMs(): number {
		return (this.#status.lease_seconds ?? DEFAULT_LEASE_S) * 1000;
	}

	/**
	 * The state to act on now: claims again when the last renewal is older than a third of the lease. A held claim
	 * whose lease has run out without renewal (upstream unreachable) is unknown again: another edge may hold it now.
	 */
	async current(): Promise<ClaimState> {
		const age = Date.now() - this.#renewedAtMs;
		if (this.#status.state === 'held' && age < this.leaseMs / 3) return 'held';
		if (this.#status.state === 'refused' && age < this.leaseMs / 3) return 'refused';
		return this.renew();
	}

	renew(): Promise<ClaimState> {
		this.#inFlight ??= this.#claim().finally(() => {
			this.#inFlight = null;
		});
		return this.#inFlight;
	}

	async #claim(): Promise<ClaimState> {
		const set = (patch: Partial<ClaimStatus>) => {
			const before = this.#status.state;
			this.#status = { ...this.#status, ...patch };
			if (this.#status.state !== before)
				log(this.#status.state === 'refused' ? 'error' : 'info', `edge claim ${this.#status.state}`, {
					edge_id: this.ctx.edge.edgeId,
					message: this.#status.message
				});
			return this.#status.state;
		};
		const leaseLapsed = () => Date.now() - this.#renewedAtMs >= this.leaseMs;
		try {
			const outlet = await this.ctx.outlet();
			const res = await this.ctx.upstream.cloud(outlet, `/api/v1/outlets/${outlet.id}/edge/claim`, {
				method: 'POST',
				body: JSON.stringify({ edge_id: this.ctx.edge.edgeId, host: hostname() }),
				timeoutMs: 10_000
			});
			const body: unknown = await res.json().catch(() => null);
			const ok = EdgeClaimResponse.safeParse(body);
			if (res.status === 200 && ok.success) {
				this.#renewedAtMs = Date.now();
				return set({
					state: 'held',
					lease_seconds: ok.data.lease_seconds,
					last_renewed_at: new Date().toISOString(),
					message: null,
					other_edge: null
				});
			}
			const conflict = EdgeConflictBody.safeParse(body);
			if (res.status === 409 && conflict.success) {
				this.#renewedAtMs = Date.now();
				const { edge_id, host, last_seen_at } = conflict.data;
				return set({
					state: 'refused',
					message: conflict.data.message,
					other_edge: { edge_id, host, last_seen_at }
				});
			}
			const err = CloudErrorBody.safeParse(body);
			const message = `claim answered ${res.status}${err.success ? ` ${err.data.error}: ${err.data.message}` : ''}`;
			return set(leaseLapsed() ? { state: 'unknown', message } : { message });
		} catch (e) {
			const message = `claim failed: ${e instanceof Error ? e.message : String(e)}`;
			return set(leaseLapsed() ? { state: 'unknown', message } : { message });
		}
	}
}

const claims = new WeakMap<EdgeContext, EdgeClaim>();

/** The claim of this edge context (created on first use; only the claim part renews it on a timer). */
export function claimOf(ctx: EdgeContext): EdgeClaim {
	let c = claims.get(ctx);
	if (!c) {
		c = new EdgeClaim(ctx);
		claims.set(ctx, c);
	}
	return c;
}

/** The claim part: claims at start, then renews every third of the lease (also while refused, to take over later). */
export function startClaim(ctx: EdgeContext): EdgePart {
	const claim = claimOf(ctx);
	let timer: NodeJS.Timeout | null = null;
	let stopped = false;
	const tick = async () => {
		await claim.renew();
		if (!stopped) timer = setTimeout(() => void tick(), Math.max(1000, claim.leaseMs / 3));
	};
	void tick();
	return {
		name: 'claim',
		status: () => Promise.resolve(claim.status),
		stop: () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			return Promise.resolve();
		}
	};
}
