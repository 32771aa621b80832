// The edge's parts share one context: the local database and event hub (what tablets on the LAN
// talk to), the edge settings, the upstream client and the outlet the edge serves (docs/edge.md).
import type { EventHub } from '../cloud/event-hub.ts';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/types.ts';

export interface EdgeConfig {
	/** Upstream head office (HO API: /api/auth/*, /api/sync/*, photos). */
	hoUrl: string;
	/** Upstream cloud (the outlet-to-cloud contract, /api/v1/outlets/{id}/…). */
	cloudUrl: string;
	/** The one outlet this edge serves. */
	outletCode: string;
	/** The outlet's cloud API key: the edge pushes upstream with it, and tablets use it at the edge. */
	apiKey: string;
	/** HO credentials the edge pulls master data with. */
	hoUsername: string;
	hoPassword: string;
	/** Stable id of this edge (EDGE_ID, else generated once and kept in DATA_DIR/edge-id). */
	edgeId: string;
	/** How often the master-data mirror pulls upstream HO (ms). */
	pullIntervalMs: number;
	/** How often the forwarder looks for unforwarded rows when nothing woke it (ms). */
	forwardIntervalMs: number;
}

export interface EdgeOutlet {
	id: string;
	code: string;
	companyId: string;
}

export interface UpstreamState {
	/** The last upstream request got an HTTP answer (any status) rather than a network error. */
	reachable: boolean;
	lastOkAt: string | null;
	lastError: string | null;
}

export interface UpstreamInit extends RequestInit {
	/** Aborts the request after this many ms (default 15 s). */
	timeoutMs?: number;
}

export interface Upstream {
	/** fetch against the upstream HO, path relative to hoUrl. */
	ho(path: string, init?: UpstreamInit): Promise<Response>;
	/** fetch against the upstream cloud with the outlet's key and X-Outlet-ID / X-Outlet-Code headers. */
	cloud(outlet: EdgeOutlet, path: string, init?: UpstreamInit): Promise<Response>;
	readonly state: UpstreamState;
}

export interface EdgeContext {
	db: Db;
	hub: EventHub;
	server: ServerConfig;
	edge: EdgeConfig;
	upstream: Upstream;
	/** Resolves once the edge knows its outlet (from its own database, else from the first upstream pull). */
	outlet(): Promise<EdgeOutlet>;
}

/** One running piece of the edge (mirror, forwarder, relay, claim …): its status feeds GET /api/edge/status. */
export interface EdgePart {
	readonly name: string;
	status(): Promise<Record<string, unknown>>;
	stop(): Promise<void>;
}

export type EdgePartFactory = (ctx: EdgeContext) => EdgePart;
