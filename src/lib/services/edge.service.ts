// Why: the settings page's edge card asks the worker (the one that talks to the network) what the configured HO and cloud
// addresses are: an outlet edge (with its upstream state and backlog) or the servers themselves.
import { boot } from '$lib/app/boot';
import type { EdgeProbe, EdgeStatusReport } from '$lib/worker-client';
import { handleError } from './error.service';

export type { EdgeProbe, EdgeStatusReport };

export async function loadEdgeStatus(): Promise<EdgeStatusReport | null> {
	try {
		const { worker } = await boot();
		return await worker.api.edgeStatus();
	} catch (e) {
		handleError(e, 'edge status');
		return null;
	}
}
