// Why: `npm run bench` runs every benchmark, `npm run bench -- <name>…` the named ones; `BENCH_SMOKE=1` runs them tiny.
import { benchBundle } from './bundle';
import { benchDrain } from './drain';
import { benchEdgeForward } from './edge-forward';
import { benchFirstSync } from './first-sync';
import { benchFirstSyncProfile } from './first-sync-profile';
import { benchIngest } from './ingest';
import { benchIngestProfile } from './ingest-profile';
import { benchOrders } from './orders';
import { benchPhotos } from './photos';
import { benchProductsMigration } from './products-migration';
import { benchTill } from './till';

const BENCHES: Record<string, () => Promise<void>> = {
	bundle: benchBundle,
	drain: benchDrain,
	'edge-forward': benchEdgeForward,
	'first-sync': benchFirstSync,
	ingest: benchIngest,
	orders: benchOrders,
	photos: benchPhotos,
	till: benchTill
};

/** Diagnostics: run only when named (`npm run bench -- ingest-profile`); they print parts, not kasir/floor figures. */
const DIAGNOSTICS: Record<string, () => Promise<void>> = {
	'ingest-profile': benchIngestProfile,
	'first-sync-profile': benchFirstSyncProfile,
	// BENCH_MIGRATE_FROM=<an older build>: this build's first open of a profile that build synced.
	'products-migration': benchProductsMigration
};

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(a in BENCHES) && !(a in DIAGNOSTICS));
if (unknown.length) {
	console.error(
		`unknown benchmark ${unknown.join(', ')}; known: ${[...Object.keys(BENCHES), ...Object.keys(DIAGNOSTICS)].join(', ')}`
	);
	process.exit(2);
}
for (const name of asked.length ? asked : Object.keys(BENCHES)) {
	const fn = BENCHES[name] ?? DIAGNOSTICS[name];
	if (!fn) continue;
	console.log(`[bench ${name}] started`);
	await fn();
}
process.exit(0);
