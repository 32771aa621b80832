// Why: times a full connection-doctor run (every HO, cloud and transport check, the event stream wait included) against the real server, healthy and behind the breaking proxy.
// Run: npx tsx bench/doctor.ts [runs=3]   (the Chromium run is shown by tests/e2e/doctor.test.ts)
import { startBreakingProxy } from '../tests/helpers/breaking-proxy';
import { startServer } from '../tests/helpers/server';
import { runDoctor } from '../worker/doctor/checks';
import { nodeEdges } from '../worker/doctor/node-edges';

const runs = Number(process.argv[2] ?? 3);
const server = await startServer();
const proxy = await startBreakingProxy(server.url);
try {
	for (const [variant, url] of [
		['healthy', server.url],
		['broken', proxy.url]
	] as const) {
		for (let i = 1; i <= runs; i++) {
			const t0 = performance.now();
			const report = await runDoctor(
				{
					hoUrl: url,
					auth: { username: 'demo', password: 'demo1234' },
					store: 'JKT-001',
					cloud: { url, key: 'demo-key-jkt-001' }
				},
				nodeEdges()
			);
			const ms = Math.round(performance.now() - t0);
			const stream = report.checks.find((c) => c.id === 'cloud.events')?.ms ?? 0;
			const count = (s: string) => report.checks.filter((c) => c.status === s).length;
			console.log(
				JSON.stringify({
					variant,
					run: i,
					ms,
					stream_ms: stream,
					checks: report.checks.length,
					calls: report.checks.find((c) => c.id === 'transport.ho.latency')?.params.calls,
					pass: count('pass'),
					fail: count('fail'),
					skip: count('skip')
				})
			);
		}
	}
} finally {
	await proxy.close();
	await server.stop();
}
