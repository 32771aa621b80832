// A fake raw network printer (what port 9100 printers accept: a TCP stream of ESC/POS bytes) that records every
// connection's stream, and the client side that writes a job to it.
import { createConnection, createServer, type Server } from 'node:net';

export interface FakePrinter {
	port: number;
	/** One entry per connection (one print job), in the order they closed. */
	jobs: Buffer[];
	/** Resolves once `n` jobs have been received in full. */
	waitForJobs(n: number): Promise<Buffer[]>;
	stop(): Promise<void>;
}

export async function startFakePrinter(): Promise<FakePrinter> {
	const jobs: Buffer[] = [];
	const waiters: { n: number; resolve: (jobs: Buffer[]) => void }[] = [];
	const server: Server = createServer((socket) => {
		const parts: Buffer[] = [];
		socket.on('data', (d) => parts.push(d));
		socket.on('end', () => {
			jobs.push(Buffer.concat(parts));
			socket.end();
			for (const w of waiters.filter((w) => jobs.length >= w.n)) {
				waiters.splice(waiters.indexOf(w), 1);
				w.resolve([...jobs]);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no port');
	return {
		port: address.port,
		jobs,
		waitForJobs: (n) =>
			jobs.length >= n ? Promise.resolve([...jobs]) : new Promise((resolve) => waiters.push({ n, resolve })),
		stop: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/** Sends one job over a fresh TCP connection, the writes in order (as a transport that chunks would), then closes. */
export async function sendJob(port: number, writes: readonly Uint8Array[]): Promise<void> {
	const socket = createConnection({ port, host: '127.0.0.1' });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('error', reject);
	});
	for (const w of writes) {
		await new Promise<void>((resolve, reject) => socket.write(w, (e) => (e ? reject(e) : resolve())));
	}
	await new Promise<void>((resolve) => socket.end(resolve));
}
