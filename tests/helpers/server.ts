// Starts the real reference server as a child process on a free port, on PGlite or PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface TestServer {
	url: string;
	port: number;
	databaseUrl: string | undefined;
	dataDir: string;
	/** Output so far, for debugging a failure. */
	output(): string;
	stop(): Promise<void>;
	/** Stops and starts again on the same database and port (data survives). */
	restart(): Promise<void>;
	/** Stops the process but keeps its data (for an outage; `restart()` brings it back, `stop()` cleans up). */
	halt(): Promise<void>;
}

export interface StartOptions {
	/** Defaults to KASIR_TEST_DB (set per Vitest project), else pglite. */
	db?: 'pglite' | 'postgres';
	/** Share another server's database (two processes on one PostgreSQL). */
	databaseUrl?: string;
	env?: Record<string, string>;
	staticDir?: string;
	port?: number;
}

/** A new empty database `<prefix>_<random>` on the cluster of `adminUrl`; its URL. */
export async function createDatabase(adminUrl: string, prefix: string): Promise<string> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	await client.query(`create database ${name}`);
	await client.end();
	const u = new URL(adminUrl);
	u.pathname = `/${name}`;
	return u.toString();
}

async function freshPostgresDatabase(): Promise<string> {
	const admin = (inject as (key: string) => unknown)('postgresAdminUrl') as string | undefined;
	if (!admin) throw new Error('postgres tests need the contract-pg globalSetup (postgresAdminUrl)');
	return createDatabase(admin, 'kasir_test');
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
	const kind = opts.db ?? (process.env.KASIR_TEST_DB === 'postgres' ? 'postgres' : 'pglite');
	const databaseUrl = opts.databaseUrl ?? (kind === 'postgres' ? await freshPostgresDatabase() : undefined);
	const dataDir = mkdtempSync(join(tmpdir(), 'kasir-test-'));
	let port = opts.port ?? 0;
	let scheme = 'http';
	let child: ChildProcess | undefined;
	let out = '';

	const launch = () =>
		new Promise<void>((resolvePromise, reject) => {
			child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
				cwd: ROOT,
				env: {
					...process.env,
					PORT: String(port),
					HOST: '127.0.0.1',
					DATA_DIR: dataDir,
					DATABASE_URL: databaseUrl ?? '',
					STATIC_DIR: opts.staticDir ?? '',
					KASIR_SECRET: 'test-secret-0123456789',
					LOG_LEVEL: 'info',
					...opts.env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 60_000);
			const onData = (b: Buffer) => {
				out += b.toString();
				// TLS_CERT_FILE/TLS_KEY_FILE make it https.
				const m = /(?:Kasir is running at |"msg":"listening","url":")(https?):\/\/localhost:(\d+)/.exec(out);
				if (m) scheme = m[1] ?? 'http';
				if (m && port === 0) port = Number(m[2]);
				if (m) {
					clearTimeout(timer);
					resolvePromise();
				}
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			child.on('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`server exited with ${code}:\n${out}`));
			});
		});

	const stopChild = async () => {
		const c = child;
		if (!c || c.exitCode !== null) return;
		await new Promise<void>((r) => {
			c.once('exit', () => r());
			c.kill('SIGTERM');
			setTimeout(() => c.kill('SIGKILL'), 5000).unref();
		});
	};

	await launch();
	return {
		get url() {
			return `${scheme}://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		databaseUrl,
		dataDir,
		output: () => out,
		stop: async () => {
			await stopChild();
			rmSync(dataDir, { recursive: true, force: true });
		},
		restart: async () => {
			await stopChild();
			out = '';
			await launch();
		},
		halt: () => stopChild()
	};
}
