// Why: the English of `edge.ts`, apart so that it loads with `en.ts` (a chunk of its own), not with the Indonesian table.
import type { edgeId } from './edge';

export const edgeEn: Record<keyof typeof edgeId, string> = {
	'edge.title': 'Outlet edge',
	'edge.checking': 'Checking…',
	'edge.refresh': 'Check again',
	'edge.ho': 'HO',
	'edge.cloud': 'Cloud',
	'edge.mode.edge': 'Through the outlet edge {id}',
	'edge.mode.server': 'Straight to the server (no outlet edge)',
	'edge.mode.unknown': 'The server does not say (an older version?)',
	'edge.mode.unreachable': 'Not reachable',
	'edge.outlet': 'Outlet at the edge',
	'edge.upstream': "The edge's internet",
	'edge.upstreamUp': 'Connected to HO and cloud',
	'edge.upstreamDown': 'Cut off from HO and cloud',
	'edge.lastOk': 'Last connected',
	'edge.never': 'never',
	'edge.lastError': 'Last error',
	'edge.backlog': 'Waiting at the edge for the cloud',
	'edge.backlogValue': '{n} records',
	'edge.claim': 'Claim on the outlet',
	'edge.claim.held': 'Held by this edge',
	'edge.claim.refused': 'Refused: another edge already holds this outlet — only one may',
	'edge.claim.unknown': 'Not known yet',
	'edge.checkedAt': 'Checked {time}'
};
