// Edge mode is on when EDGE_HO_URL is set: the same server program then serves one outlet's tablets
// on the LAN and keeps itself in step with the upstream HO and cloud (docs/edge.md).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EdgeConfig } from './types.ts';

const REQUIRED = [
	'EDGE_HO_URL',
	'EDGE_OUTLET_CODE',
	'EDGE_API_KEY',
	'EDGE_HO_USERNAME',
	'EDGE_HO_PASSWORD'
] as const;

function persistentEdgeId(dataDir: string): string {
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'edge-id');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const id = randomUUID();
	writeFileSync(file, id);
	return id;
}

/** null when not in edge mode; throws naming every missing variable when edge mode is half configured. */
export function readEdgeConfig(env: NodeJS.ProcessEnv, dataDir: string): EdgeConfig | null {
	if (!env.EDGE_HO_URL) return null;
	const missing = REQUIRED.filter((k) => !env[k]);
	if (missing.length) throw new Error(`Edge mode needs ${missing.join(', ')} (EDGE_HO_URL is set)`);
	const hoUrl = String(env.EDGE_HO_URL).replace(/\/+$/, '');
	return {
		hoUrl,
		cloudUrl: (env.EDGE_CLOUD_URL || hoUrl).replace(/\/+$/, ''),
		outletCode: String(env.EDGE_OUTLET_CODE),
		apiKey: String(env.EDGE_API_KEY),
		hoUsername: String(env.EDGE_HO_USERNAME),
		hoPassword: String(env.EDGE_HO_PASSWORD),
		edgeId: env.EDGE_ID || persistentEdgeId(dataDir),
		pullIntervalMs: Number(env.EDGE_PULL_INTERVAL_MS ?? 60_000),
		forwardIntervalMs: Number(env.EDGE_FORWARD_INTERVAL_MS ?? 2_000)
	};
}
