// Starts an outlet edge (the reference server in edge mode) in front of a running upstream server, and
// reads its status: what the edge tests (and the e2e rig) build on.
import { EdgeStatusResponse, type EdgeModeStatus } from '../../src/lib/contract/edge.ts';
import { startServer, type StartOptions, type TestServer } from './server.ts';
import { until } from './wait.ts';

/** The demo outlet the edge serves by default, with the demo HO user it pulls master data as. */
export const EDGE_DEFAULTS = {
	EDGE_OUTLET_CODE: 'JKT-001',
	EDGE_API_KEY: 'demo-key-jkt-001',
	EDGE_HO_USERNAME: 'demo',
	EDGE_HO_PASSWORD: 'demo1234',
	EDGE_PULL_INTERVAL_MS: '2000'
} as const;

/** The EDGE_* environment for an edge whose HO and cloud are `upstreamUrl`; `env` overrides any of it. */
export function edgeEnv(upstreamUrl: string, env: Record<string, string> = {}): Record<string, string> {
	return { EDGE_HO_URL: upstreamUrl, ...EDGE_DEFAULTS, ...env };
}

/** An edge process in front of `upstream` (its own PGlite, no demo seed); `opts.env` adds or overrides. */
export async function startEdgeServer(
	upstream: { url: string },
	opts: StartOptions = {}
): Promise<TestServer> {
	return startServer({ ...opts, env: edgeEnv(upstream.url, opts.env) });
}

export async function edgeStatus(edge: { url: string }): Promise<EdgeModeStatus> {
	const body = EdgeStatusResponse.parse(await (await fetch(`${edge.url}/api/edge/status`)).json());
	if (body.mode !== 'edge') throw new Error(`${edge.url} is not an edge (mode: ${body.mode})`);
	return body;
}

/** Waits for the edge's mirror to finish a pull after `after` (ISO time; default: any pull). */
export async function mirrorPulled(edge: { url: string }, after = '', timeoutMs = 60_000) {
	return until(
		async () => {
			const s = await edgeStatus(edge);
			const ok = s.parts.mirror?.last_ok_at;
			return typeof ok === 'string' && ok > after ? s : null;
		},
		{ what: `the edge's mirror to finish a pull after ${after || 'start'}`, timeoutMs }
	);
}
