// Why: the settings page asks whether this tablet goes through an outlet edge: the configured HO and cloud addresses are
// each asked `GET /api/edge/status`, and the answer is boiled down to what a manager reads (mode, upstream, backlog, claim).
import { EdgeStatusResponse } from '../../src/lib/contract/edge';
import type { Ctx } from '../context';
import { requestJson } from '../net/http';

/** What one address turned out to be: an edge, the HO/cloud server itself, a server without the endpoint, or nothing. */
export type EdgeProbeMode = 'edge' | 'server' | 'unknown' | 'unreachable';

export interface EdgeProbe {
	url: string;
	mode: EdgeProbeMode;
	edge_id: string | null;
	outlet_code: string | null;
	/** The edge's own view of its upstream (null when the address is not an edge). */
	upstream_reachable: boolean | null;
	upstream_last_ok_at: string | null;
	upstream_last_error: string | null;
	/** Rows the edge still has to forward upstream (sum over its parts), null when it does not say. */
	backlog: number | null;
	/** The one-edge-per-outlet claim, when the edge reports one, and why it is refused (the other edge, last seen). */
	claim: EdgeClaimState | null;
	claim_message: string | null;
}

export interface EdgeStatusReport {
	checked_at: string;
	ho: EdgeProbe;
	cloud: EdgeProbe;
}

/** The one-edge-per-outlet claim as an edge's claim part reports it (docs/edge.md). */
export const EDGE_CLAIM_STATES = ['held', 'refused', 'unknown'] as const;
export type EdgeClaimState = (typeof EDGE_CLAIM_STATES)[number];

const isClaimState = (v: unknown): v is EdgeClaimState =>
	typeof v === 'string' && (EDGE_CLAIM_STATES as readonly string[]).includes(v);

/** Pure: an answer (or its absence) → the probe the page shows. */
export function probeFrom(url: string, status: number | null, body: unknown): EdgeProbe {
	const empty: EdgeProbe = {
		url,
		mode: status === null ? 'unreachable' : 'unknown',
		edge_id: null,
		outlet_code: null,
		upstream_reachable: null,
		upstream_last_ok_at: null,
		upstream_last_error: null,
		backlog: null,
		claim: null,
		claim_message: null
	};
	if (status !== 200) return empty;
	const parsed = EdgeStatusResponse.safeParse(body);
	if (!parsed.success) return empty;
	const b = parsed.data;
	if (b.mode === 'server') return { ...empty, mode: 'server' };
	const parts = Object.values(b.parts);
	const backlogs = parts.map((p) => p.backlog).filter((n): n is number => typeof n === 'number');
	const claimPart = parts.find((p) => isClaimState(p.state));
	const claim = claimPart && isClaimState(claimPart.state) ? claimPart.state : null;
	return {
		url,
		mode: 'edge',
		edge_id: b.edge_id,
		outlet_code: b.outlet?.code ?? null,
		upstream_reachable: b.upstream.reachable,
		upstream_last_ok_at: b.upstream.last_ok_at,
		upstream_last_error: b.upstream.last_error,
		backlog: backlogs.length ? backlogs.reduce((s, n) => s + n, 0) : null,
		claim,
		claim_message: typeof claimPart?.message === 'string' ? claimPart.message : null
	};
}

async function probe(ctx: Ctx, base: string): Promise<EdgeProbe> {
	const url = base.replace(/\/+$/, '');
	try {
		const r = await requestJson(ctx.fetch, `${url}/api/edge/status`, { timeoutMs: 5000 });
		return probeFrom(url, r.status, r.body);
	} catch {
		return probeFrom(url, null, null);
	}
}

/** Asks the configured HO and cloud addresses (one request when they are the same). */
export async function edgeStatus(ctx: Ctx): Promise<EdgeStatusReport> {
	const s = await ctx.settings();
	const ho = (s.ho_url || ctx.origin).replace(/\/+$/, '');
	const cloud = (s.cloud_url || ctx.origin).replace(/\/+$/, '');
	const hoProbe = await probe(ctx, ho);
	const cloudProbe = cloud === ho ? hoProbe : await probe(ctx, cloud);
	return { checked_at: new Date().toISOString(), ho: hoProbe, cloud: cloudProbe };
}
