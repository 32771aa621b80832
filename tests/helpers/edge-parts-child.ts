// Why: the forwarder's crash test runs the edge's claim and forwarder in a child process it can SIGKILL between
// upstream's answer and the checkpoint (EDGE_TEST_CRASH_AFTER_BATCH), then restart on the same database.
import { startClaim } from '../../server/edge/claim.ts';
import { forwarderWith } from '../../server/edge/forwarder.ts';
import { openEdgeRig } from './edge-parts.ts';

const env = process.env;
const crashAfter = Number(env.EDGE_TEST_CRASH_AFTER_BATCH ?? 0);
const rig = await openEdgeRig({
	upstreamUrl: String(env.EDGE_TEST_UPSTREAM),
	dataDir: String(env.EDGE_TEST_DATA_DIR),
	edgeId: String(env.EDGE_TEST_EDGE_ID),
	serveApp: false
});
rig.start([
	startClaim,
	forwarderWith({
		batchItems: Number(env.EDGE_TEST_BATCH_ITEMS ?? 1000),
		afterUpstreamAccepted: (n) => {
			if (crashAfter && n === crashAfter) process.kill(process.pid, 'SIGKILL');
		}
	})
]);
process.on('SIGTERM', () => {
	void rig.close().then(() => process.exit(0));
});
process.stdout.write('edge parts ready\n');
