// Why: the outlets' side of `bench/ingest-load.ts` in a process of its own, so the server's event loop and CPU figures
// hold the server's work only. Forked with tsx; receives one job over IPC, answers the latencies and its own CPU.
import type { OutletCreds } from '../tests/contract/cloud-helpers';
import { batchBody, closeIngestClients, postBatch, sharedClock } from './ingest-http';

export interface ClientJob {
	url: string;
	outlets: OutletCreds[];
	/** Items per batch, and batches per outlet (each outlet one request at a time). */
	n: number;
	rounds: number;
}
export interface ClientResult {
	ms: number;
	latencies: number[];
	/** Per request, on `sharedClock`: sent, the answer's headers in, the answer read whole (in the order sent). */
	marks: { sent: number; headers: number; read: number }[];
	/** This process's CPU over the run, ms (user + system). */
	cpuMs: number;
}

async function run(job: ClientJob): Promise<ClientResult> {
	// Bodies are built before the clock starts: the client's CPU is then mostly HTTP.
	const bodies = job.outlets.map((o) => Array.from({ length: job.rounds }, () => batchBody(o, job.n)));
	const latencies: number[] = [];
	const marks: ClientResult['marks'] = [];
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	await Promise.all(
		job.outlets.map(async (o, k) => {
			for (const b of bodies[k] ?? []) {
				const s = performance.now();
				const sent = sharedClock();
				let headers = 0;
				await postBatch(job.url, o, b, () => (headers = sharedClock()));
				marks.push({ sent, headers, read: sharedClock() });
				latencies.push(performance.now() - s);
			}
		})
	);
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	closeIngestClients();
	return { ms, latencies, marks, cpuMs: (cpu.user + cpu.system) / 1000 };
}

process.once('message', (job: ClientJob) => {
	run(job).then(
		(r) => process.send?.(r, () => process.exit(0)),
		(e: unknown) => {
			console.error(e);
			process.exit(1);
		}
	);
});
