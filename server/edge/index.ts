// Starts the outlet edge inside the reference server (edge mode, docs/edge.md): builds the context every
// part shares, starts the master-data mirror, then every part of EDGE_PARTS, and answers their status.
import type { EdgeModeStatus } from '../../src/lib/contract/edge.ts';
import type { EventHub } from '../cloud/event-hub.ts';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/types.ts';
import { log } from '../log.ts';
import { startMirror, type Mirror } from './mirror.ts';
import { EDGE_PARTS } from './parts.ts';
import { OUTLET_KEY, readState } from './state.ts';
import type { EdgeConfig, EdgeContext, EdgeOutlet, EdgePart } from './types.ts';
import { createUpstream } from './upstream.ts';

export interface EdgeDeps {
	db: Db;
	hub: EventHub;
	config: ServerConfig;
	edge: EdgeConfig;
	/** The fetch the upstream client uses (default: the global one). */
	fetch?: typeof fetch;
}

export interface EdgeRuntime {
	ctx: EdgeContext;
	mirror: Mirror;
	/** The mirror first, then the parts of EDGE_PARTS in order. */
	parts: readonly EdgePart[];
	/** The body of GET /api/edge/status. */
	status(): Promise<EdgeModeStatus>;
	stop(): Promise<void>;
}

export async function startEdge(deps: EdgeDeps): Promise<EdgeRuntime> {
	const { db, hub, config, edge } = deps;
	const upstream = createUpstream(edge, deps.fetch);

	let known: EdgeOutlet | null = null;
	let resolveOutlet: (o: EdgeOutlet) => void = () => undefined;
	const outletPromise = new Promise<EdgeOutlet>((r) => (resolveOutlet = r));
	const learn = (o: EdgeOutlet) => {
		known = o;
		resolveOutlet(o);
	};
	const stored = await readState<EdgeOutlet>(db, OUTLET_KEY);
	if (stored && stored.code === edge.outletCode) learn(stored);

	const ctx: EdgeContext = {
		db,
		hub,
		server: config,
		edge,
		upstream,
		outlet: () => outletPromise
	};

	const mirror = startMirror(ctx, { onOutlet: learn });
	const parts: EdgePart[] = [mirror];
	for (const factory of EDGE_PARTS) parts.push(factory(ctx));
	log('info', 'edge started', {
		edge_id: edge.edgeId,
		outlet_code: edge.outletCode,
		ho: edge.hoUrl,
		cloud: edge.cloudUrl,
		parts: parts.map((p) => p.name)
	});

	return {
		ctx,
		mirror,
		parts,
		async status() {
			const partStatus: Record<string, Record<string, unknown>> = {};
			for (const p of parts) {
				try {
					partStatus[p.name] = await p.status();
				} catch (e) {
					partStatus[p.name] = { state: 'error', last_error: e instanceof Error ? e.message : String(e) };
				}
			}
			const o: EdgeOutlet | null = known;
			return {
				mode: 'edge',
				edge_id: edge.edgeId,
				outlet: o ? { id: o.id, code: o.code } : null,
				upstream: {
					reachable: upstream.state.reachable,
					last_ok_at: upstream.state.lastOkAt,
					last_error: upstream.state.lastError
				},
				parts: partStatus
			};
		},
		async stop() {
			// The parts stop in reverse: those started after the mirror may lean on what it wrote.
			for (const p of [...parts].reverse()) await p.stop().catch(() => undefined);
		}
	};
}
