// The outlet-edge test rig (docs/edge.md): a throwaway test CA and server certificate made with openssl, the upstream
// reference server (HO + cloud, demo data) on HTTPS also serving the PWA (the app's origin), the edge process on ANOTHER
// HTTPS origin reaching upstream through a cut proxy (the outlet's internet line), and a Chromium that trusts the test
// certificate by its key only (`--ignore-certificate-errors-spki-list`) and sees the app's origin as public and the edge
// as a private (LAN) address, so the browser's Private/Local Network Access rules are really exercised.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser.ts';
import { startCutProxy, type CutProxy } from './cut-proxy.ts';
import { makeCertificates, type TestCertificates } from './certs.ts';
import { ROOT } from './server.ts';

export const EDGE_DEMO = {
	username: 'demo',
	password: 'demo1234',
	outletCode: 'JKT-001',
	apiKey: 'demo-key-jkt-001'
} as const;

// ---------- server processes ----------

export interface ServerProcess {
	readonly name: string;
	/** `https://127.0.0.1:<port>` (fixed for the process's whole life, restarts included). */
	readonly url: string;
	readonly port: number;
	readonly dataDir: string;
	readonly running: boolean;
	output(): string;
	/** Starts it again on the same port and data (after `kill` or `halt`). */
	start(): Promise<void>;
	/** Sends `signal` and waits for the exit (SIGKILL: no shutdown code runs, as in a power cut). */
	kill(signal?: NodeJS.Signals): Promise<void>;
	/** Stops for good and removes its data. */
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	const { port } = srv.address() as AddressInfo;
	await new Promise<void>((r) => srv.close(() => r()));
	return port;
}

/** `tsx server/main.ts` on a fixed port and data dir, over HTTPS with the test certificate. */
export async function startServerProcess(opts: {
	name: string;
	certs: TestCertificates;
	env: Record<string, string>;
	port?: number;
}): Promise<ServerProcess> {
	const port = opts.port ?? (await freePort());
	const dataDir = mkdtempSync(join(tmpdir(), `kasir-${opts.name}-`));
	let child: ChildProcess | undefined;
	let out = '';
	const launch = () =>
		new Promise<void>((resolve, reject) => {
			// Only this launch's own output counts (a restart's log already holds the previous "listening").
			const from = out.length;
			const c = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
				cwd: ROOT,
				env: {
					...process.env,
					PORT: String(port),
					HOST: '127.0.0.1',
					DATA_DIR: dataDir,
					DATABASE_URL: '',
					STATIC_DIR: '',
					KASIR_SECRET: `test-secret-${opts.name}-0123456789`,
					LOG_LEVEL: 'info',
					TLS_CERT_FILE: opts.certs.certFile,
					TLS_KEY_FILE: opts.certs.keyFile,
					// The edge calls upstream over HTTPS: Node trusts the test CA too.
					NODE_EXTRA_CA_CERTS: opts.certs.caFile,
					...opts.env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			child = c;
			const timer = setTimeout(
				() => reject(new Error(`${opts.name} did not start in time:\n${out}`)),
				90_000
			);
			const onData = (b: Buffer) => {
				out += b.toString();
				if (/"msg":"listening"/.test(out.slice(from))) {
					clearTimeout(timer);
					resolve();
				}
			};
			c.stdout?.on('data', onData);
			c.stderr?.on('data', onData);
			c.on('exit', (code, signal) => {
				clearTimeout(timer);
				reject(new Error(`${opts.name} exited with ${code ?? signal}:\n${out}`));
			});
		});
	const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
		await new Promise<void>((r) => {
			c.once('exit', () => r());
			c.kill(signal);
			if (signal !== 'SIGKILL') setTimeout(() => c.kill('SIGKILL'), 5000).unref();
		});
	};
	await launch();
	return {
		name: opts.name,
		url: `https://127.0.0.1:${port}`,
		port,
		dataDir,
		get running() {
			return Boolean(child && child.exitCode === null && child.signalCode === null);
		},
		output: () => out,
		start: async () => {
			out += `\n----- ${opts.name} restarted -----\n`;
			await launch();
		},
		kill,
		stop: async () => {
			await kill('SIGTERM');
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

// ---------- HTTPS from the test itself ----------

export interface RigReply {
	status: number;
	body: unknown;
}

/** A JSON request from the test process, trusting the test CA (Node's fetch cannot take a CA per call). */
export function httpsJson(
	certs: TestCertificates,
	url: string,
	init: { method?: string; headers?: Record<string, string>; json?: unknown } = {}
): Promise<RigReply> {
	const body = init.json === undefined ? undefined : JSON.stringify(init.json);
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: init.method ?? (body === undefined ? 'GET' : 'POST'),
				ca: certs.ca,
				headers: {
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
					...init.headers
				},
				timeout: 30_000
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed: unknown = text;
					try {
						parsed = text ? JSON.parse(text) : null;
					} catch {
						// not JSON: keep the text
					}
					resolve({ status: res.statusCode ?? 0, body: parsed });
				});
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

// ---------- the rig ----------

export interface EdgeRig {
	certs: TestCertificates;
	/** HO + cloud + the PWA's origin (`appUrl`). */
	upstream: ServerProcess;
	/** The outlet's internet line: the edge reaches upstream only through it. */
	line: CutProxy;
	edge: ServerProcess;
	/** Where tablets load the app from (the public HTTPS origin). */
	appUrl: string;
	/** What tablets type as HO and cloud address (the edge's LAN origin). */
	edgeUrl: string;
	browser: Browser;
	/** A fresh tablet (browser context) allowed to reach the LAN edge from the public app origin. */
	newTablet(): Promise<BrowserContext>;
	/** GET /api/edge/status of the edge. */
	edgeStatus(): Promise<RigReply>;
	/** An HO access token from the upstream (for admin actions such as an HQ price change). */
	hoToken(): Promise<string>;
	close(): Promise<void>;
}

export interface EdgeRigOptions {
	staticDir: string;
	/** Extra env for the edge process. */
	edgeEnv?: Record<string, string>;
	upstreamEnv?: Record<string, string>;
}

/** Chromium flags of the rig (test-only: never in the product). */
export function rigBrowserArgs(certs: TestCertificates, appPort: number, lanPorts: number[]): string[] {
	const spaces = [`127.0.0.1:${appPort}=public`, ...lanPorts.map((p) => `127.0.0.1:${p}=private`)];
	return [
		...CHROMIUM_ARGS,
		// Trusts exactly the test server key (not every certificate error): service workers register as on a real origin.
		`--ignore-certificate-errors-spki-list=${certs.spki}`,
		// The app's origin is on the internet, the edge on the outlet's LAN: a public page calling a private address.
		`--ip-address-space-overrides=${spaces.join(',')}`
	];
}

export async function startEdgeRig(opts: EdgeRigOptions): Promise<EdgeRig> {
	const certs = makeCertificates();
	const appPort = await freePort();
	const edgePort = await freePort();
	const appUrl = `https://127.0.0.1:${appPort}`;
	const upstream = await startServerProcess({
		name: 'upstream',
		certs,
		port: appPort,
		env: { STATIC_DIR: opts.staticDir, RATE_LIMIT_PER_MINUTE: '1000000', ...opts.upstreamEnv }
	});
	const line = await startCutProxy(`127.0.0.1:${appPort}`);
	const upstreamViaLine = `https://127.0.0.1:${line.port}`;
	const edge = await startServerProcess({
		name: 'edge',
		certs,
		port: edgePort,
		env: {
			EDGE_HO_URL: upstreamViaLine,
			EDGE_CLOUD_URL: upstreamViaLine,
			EDGE_OUTLET_CODE: EDGE_DEMO.outletCode,
			EDGE_API_KEY: EDGE_DEMO.apiKey,
			EDGE_HO_USERNAME: EDGE_DEMO.username,
			EDGE_HO_PASSWORD: EDGE_DEMO.password,
			EDGE_ID: 'edge-test-jkt-001',
			EDGE_PULL_INTERVAL_MS: '3000',
			EDGE_FORWARD_INTERVAL_MS: '500',
			CORS_ORIGINS: appUrl,
			RATE_LIMIT_PER_MINUTE: '1000000',
			...opts.edgeEnv
		}
	});
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: rigBrowserArgs(certs, appPort, [edgePort])
	});
	const rig: EdgeRig = {
		certs,
		upstream,
		line,
		edge,
		appUrl,
		edgeUrl: edge.url,
		browser,
		async newTablet() {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			// The user's "allow devices on the local network" answer, given once per app origin at setup.
			await context.grantPermissions(['local-network-access'], { origin: appUrl });
			return context;
		},
		edgeStatus: () => httpsJson(certs, `${edge.url}/api/edge/status`),
		async hoToken() {
			const r = await httpsJson(certs, `${upstream.url}/api/auth/login/`, {
				json: { username: EDGE_DEMO.username, password: EDGE_DEMO.password }
			});
			const access = (r.body as { access?: unknown } | null)?.access;
			if (r.status !== 200 || typeof access !== 'string') throw new Error(`upstream login: ${r.status}`);
			return access;
		},
		async close() {
			await browser.close().catch(() => {});
			await edge.stop().catch(() => {});
			await line.close().catch(() => {});
			await upstream.stop().catch(() => {});
			rmSync(certs.dir, { recursive: true, force: true });
		}
	};
	return rig;
}
