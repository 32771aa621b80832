// Starts a throwaway PostgreSQL cluster for the contract-pg project (Debian's postgresql package).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

function pgBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
	for (const v of versions) if (existsSync(join(base, v, 'bin/initdb'))) return join(base, v, 'bin');
	throw new Error(
		'PostgreSQL server binaries not found: install Debian\'s "postgresql" package (bash .ci/run does)'
	);
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const a = s.address();
			const port = typeof a === 'object' && a ? a.port : 0;
			s.close(() => resolve(port));
		});
		s.on('error', reject);
	});
}

export default async function setup(project: TestProject) {
	if (process.env.TEST_DATABASE_URL) {
		project.provide('postgresAdminUrl', process.env.TEST_DATABASE_URL);
		return;
	}
	const cluster = await startPostgresCluster();
	project.provide('postgresAdminUrl', cluster.url);
	return cluster.stop;
}

/** A throwaway cluster (also used by the benchmarks): its admin URL, and how to stop and remove it. */
export async function startPostgresCluster(): Promise<{ url: string; stop: () => Promise<void> }> {
	const bin = pgBin();
	const dir = mkdtempSync(join(tmpdir(), 'kasir-pg-'));
	chmodSync(dir, 0o777);
	const data = join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	// PostgreSQL refuses to run as root: run it as the postgres user the package creates.
	const run = (cmd: string, args: string[]) =>
		asRoot ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const) : ([cmd, args] as const);
	const [c1, a1] = run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
	execFileSync(c1, [...a1], { stdio: 'ignore' });
	const port = await freePort();
	const [c2, a2] = run(join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-h',
		'127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200'
	]);
	const proc = spawn(c2, [...a2], { stdio: 'ignore' });
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	const pg = await import('pg');
	for (let i = 0; ; i++) {
		try {
			const c = new pg.default.Client({ connectionString: url });
			await c.connect();
			await c.end();
			break;
		} catch (e) {
			if (i > 100) throw e;
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const stop = async () => {
		// runuser does not forward signals to postgres, so ask pg_ctl to stop the cluster.
		const [c3, a3] = run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
		try {
			execFileSync(c3, [...a3], { stdio: 'ignore', timeout: 30_000 });
		} catch {
			proc.kill('SIGKILL');
		}
		if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
		rmSync(dir, { recursive: true, force: true });
	};
	return { url, stop };
}

declare module 'vitest' {
	export interface ProvidedContext {
		postgresAdminUrl: string;
	}
}
