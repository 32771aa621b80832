// Opens PGlite under a data directory by default, or PostgreSQL when a DATABASE_URL is given.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db, Queryable, QueryOptions, Row } from './types.ts';

export interface OpenOptions {
	databaseUrl?: string | undefined;
	dataDir?: string | undefined;
	/** PostgreSQL pool size (connections); PGlite has one connection. */
	poolSize?: number | undefined;
}

export async function openDb(opts: OpenOptions): Promise<Db> {
	if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
	return openPglite(opts.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
	if (dataDir && !dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	const lite = await PGlite.create(dataDir ?? 'memory://');
	// PGlite has one connection: queue transactions so two requests never interleave inside one.
	let chain: Promise<unknown> = Promise.resolve();
	const serial = <T>(fn: () => Promise<T>): Promise<T> => {
		const run = chain.then(fn, fn);
		chain = run.catch(() => undefined);
		return run;
	};
	return {
		kind: 'pglite',
		query: <T extends Row>(sql: string, params?: unknown[]) =>
			serial(async () => ({ rows: (await lite.query<T>(sql, params)).rows })),
		exec: (sql: string) =>
			serial(async () => {
				await lite.exec(sql);
			}),
		tx: <T>(fn: (q: Queryable) => Promise<T>) =>
			serial(() =>
				lite.transaction(async (t) =>
					fn({
						query: async <R extends Row>(sql: string, params?: unknown[]) => ({
							rows: (await t.query<R>(sql, params)).rows
						}),
						exec: async (sql: string) => {
							await t.exec(sql);
						}
					})
				)
			),
		async listen(channel, onNotify) {
			const unsub = await lite.listen(channel, onNotify);
			return async () => {
				await unsub();
			};
		},
		close: () => lite.close()
	};
}

async function openPostgres(url: string, max: number): Promise<Db> {
	const { db, pool } = postgresDb(url, max);
	// Fail at start-up, not at the first request, when the database cannot be reached.
	await pool.query('select 1');
	return db;
}

/**
 * When a statement (`sql`), or a whole transaction (`sql` null), asked the pool for a connection, got one, and was done
 * (performance.now()): what the ingest profile (`bench/ingest-load.ts`) records per request.
 */
export type StatementObserver = (span: {
	sql: string | null;
	start: number;
	acquired: number;
	end: number;
}) => void;

/** The PostgreSQL `Db` over a pool of `max` connections; `observe` sees each statement's and transaction's times. */
export function postgresDb(url: string, max: number, observe?: StatementObserver): { db: Db; pool: pg.Pool } {
	const pool = new pg.Pool({ connectionString: url, max });
	pool.on('error', () => undefined);
	const run = async <T extends Row>(
		client: pg.PoolClient,
		sql: string,
		params: unknown[] | undefined,
		opts?: QueryOptions
	) => {
		const r = opts?.name
			? await client.query({ name: opts.name, text: sql, values: params })
			: await client.query(sql, params);
		return { rows: r.rows as T[] };
	};
	const db: Db = {
		kind: 'postgres',
		async query<T extends Row>(sql: string, params?: unknown[], opts?: QueryOptions) {
			const start = performance.now();
			const client = await pool.connect();
			const acquired = performance.now();
			try {
				return await run<T>(client, sql, params, opts);
			} finally {
				client.release();
				observe?.({ sql, start, acquired, end: performance.now() });
			}
		},
		exec: async (sql: string) => {
			await pool.query(sql);
		},
		async tx<T>(fn: (q: Queryable) => Promise<T>) {
			const start = performance.now();
			const client = await pool.connect();
			const acquired = performance.now();
			try {
				await client.query('begin');
				const out = await fn({
					query: <R extends Row>(sql: string, params?: unknown[], opts?: QueryOptions) =>
						run<R>(client, sql, params, opts),
					exec: async (sql: string) => {
						await client.query(sql);
					}
				});
				await client.query('commit');
				return out;
			} catch (e) {
				await client.query('rollback').catch(() => undefined);
				throw e;
			} finally {
				client.release();
				observe?.({ sql: null, start, acquired, end: performance.now() });
			}
		},
		async listen(channel, onNotify) {
			const client = new pg.Client({ connectionString: url });
			client.on('error', () => undefined);
			await client.connect();
			client.on('notification', (n) => {
				if (n.channel === channel) onNotify(n.payload ?? '');
			});
			await client.query(`listen ${pg.escapeIdentifier(channel)}`);
			return async () => {
				await client.end().catch(() => undefined);
			};
		},
		close: () => pool.end()
	};
	return { db, pool };
}
