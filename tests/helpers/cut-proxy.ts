// A test-only TCP proxy that plays the outlet's internet line (or a tablet's Wi-Fi): `cut()` drops every live connection
// and refuses new ones, as a dead line does; `restore()` lets traffic through again. Plain TCP, so it carries HTTP, HTTPS
// and event streams alike without looking inside them.
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface CutProxy {
	/** `http://127.0.0.1:<port>` (use `https://localhost:<port>` when the target speaks TLS). */
	readonly url: string;
	readonly port: number;
	/** True while cut. */
	readonly isCut: boolean;
	/** Connections accepted so far (refused ones not counted). */
	readonly accepted: number;
	/** Destroys every live connection and refuses new ones until `restore()`. */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export interface CutProxyOptions {
	/** Listen on this port (default: a free one). Fixed ports let a proxied address survive a restart of the proxy. */
	port?: number;
	host?: string;
}

/** Starts a proxy on 127.0.0.1 forwarding every connection to `target` (`host:port` or a URL). */
export async function startCutProxy(target: string, opts: CutProxyOptions = {}): Promise<CutProxy> {
	const t = /^[a-z]+:\/\//.test(target) ? new URL(target) : new URL(`tcp://${target}`);
	const targetHost = t.hostname === 'localhost' ? '127.0.0.1' : t.hostname;
	const targetPort = Number(t.port || (t.protocol === 'https:' ? 443 : 80));
	const live = new Set<Socket>();
	let isCut = false;
	let accepted = 0;

	const server = createServer((client) => {
		if (isCut) {
			// A dead line: the connection is dropped at once, nothing is answered.
			client.destroy();
			return;
		}
		accepted++;
		const upstream = createConnection({ host: targetHost, port: targetPort });
		live.add(client);
		live.add(upstream);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			live.delete(client);
			live.delete(upstream);
		};
		client.on('error', drop);
		upstream.on('error', drop);
		client.on('close', drop);
		upstream.on('close', drop);
		client.pipe(upstream);
		upstream.pipe(client);
	});
	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://${host}:${port}`,
		port,
		get isCut() {
			return isCut;
		},
		get accepted() {
			return accepted;
		},
		cut() {
			isCut = true;
			for (const s of live) s.destroy();
			live.clear();
		},
		restore() {
			isCut = false;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of live) s.destroy();
				live.clear();
				server.close(() => resolve());
			})
	};
}
