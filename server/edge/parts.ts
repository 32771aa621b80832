// Every edge part started beside the master-data mirror, in order. Each branch adds its own here.
import { startClaim } from './claim.ts';
import { startForwarder } from './forwarder.ts';
import { startRelay } from './relay.ts';
import type { EdgePartFactory } from './types.ts';

export const EDGE_PARTS: EdgePartFactory[] = [
	// The claim first: the forwarder sends nothing until this edge holds its outlet.
	startClaim,
	startForwarder,
	// HQ price changes, broadcasts, config and conflicts from upstream, re-emitted on the edge's own stream.
	startRelay
];
