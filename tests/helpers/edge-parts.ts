// Why: the edge parts' integration tests (forwarder, relay, claim) run them without the rest of the edge: an
// EdgeContext built here (PGlite opened and migrated as server/main.ts does, an EventHub, edge config, the upstream
// client), the outlet's rows copied from the upstream test server (the mirror does that in the product), the edge's
// own HTTP app for tablets to push to, and a TCP cut between edge and upstream.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { EventHub } from '../../server/cloud/event-hub.ts';
import { readConfig } from '../../server/config.ts';
import { migrate } from '../../server/db/migrations.ts';
import { openDb } from '../../server/db/open.ts';
import type { Db } from '../../server/db/types.ts';
import { readEdgeConfig } from '../../server/edge/config.ts';
import type { EdgeContext, EdgePart, EdgePartFactory } from '../../server/edge/types.ts';
import { createUpstream } from '../../server/edge/upstream.ts';
import { demoCompanyId } from '../../server/seed/demo.ts';
import { JKT, authHeaders, order, type OutletCreds } from '../contract/cloud-helpers.ts';
import type { TestServer } from './server.ts';

export interface EdgeRig {
	ctx: EdgeContext;
	db: Db;
	hub: EventHub;
	/** The edge's HTTP app (HO + cloud routes on the edge's database): tablets push here. */
	url: string;
	start(factories: EdgePartFactory[]): EdgePart[];
	close(): Promise<void>;
}

export interface EdgeRigOptions {
	/** Where the edge reaches upstream (a cut proxy's url, or the upstream server's). */
	upstreamUrl: string;
	dataDir: string;
	edgeId: string;
	forwardIntervalMs?: number;
	pullIntervalMs?: number;
	/** Serve the edge's HTTP app (default true). */
	serveApp?: boolean;
}

/** Opens the edge's database and builds its context; the parts it starts are stopped by close(). */
export async function openEdgeRig(opts: EdgeRigOptions): Promise<EdgeRig> {
	const env = {
		...process.env,
		DATA_DIR: opts.dataDir,
		DATABASE_URL: '',
		STATIC_DIR: '',
		KASIR_SECRET: 'edge-test-secret-0123456789',
		// Tests and the bench push thousands of orders to the edge in a few seconds.
		RATE_LIMIT_PER_MINUTE: '100000',
		EDGE_HO_URL: opts.upstreamUrl,
		EDGE_OUTLET_CODE: JKT.code,
		EDGE_API_KEY: JKT.key,
		EDGE_HO_USERNAME: 'demo',
		EDGE_HO_PASSWORD: 'demo1234',
		EDGE_ID: opts.edgeId,
		EDGE_FORWARD_INTERVAL_MS: String(opts.forwardIntervalMs ?? 200),
		EDGE_PULL_INTERVAL_MS: String(opts.pullIntervalMs ?? 1000)
	};
	const server = readConfig(env);
	const edge = readEdgeConfig(env, server.dataDir);
	if (!edge) throw new Error('edge config expected');
	const db = await openDb({ dataDir: server.dataDir });
	await migrate(db);
	const hub = await EventHub.start(db);
	const ctx: EdgeContext = {
		db,
		hub,
		server,
		edge,
		upstream: createUpstream(edge),
		outlet: () => Promise.resolve({ id: JKT.id, code: JKT.code, companyId: demoCompanyId })
	};
	let http: ReturnType<typeof serve> | null = null;
	let port = 0;
	if (opts.serveApp !== false) {
		const app = createApp({ db, config: server, hub });
		await new Promise<void>((resolve) => {
			http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
				port = info.port;
				resolve();
			});
		});
	}
	const parts: EdgePart[] = [];
	return {
		ctx,
		db,
		hub,
		url: `http://127.0.0.1:${port}`,
		start(factories) {
			const started = factories.map((f) => f(ctx));
			parts.push(...started);
			return started;
		},
		async close() {
			for (const p of parts.splice(0)) await p.stop();
			hub.closeAll();
			const h = http as Server | null;
			if (h) await new Promise<void>((r) => h.close(() => r()));
			await hub.stop();
			await db.close();
		}
	};
}

type SqlReply = { status: string; rows: { r: Record<string, unknown> }[] };

/** One SQL statement on the upstream test server (KASIR_TEST_HOOKS=1). */
export async function upstreamSql<T = Record<string, unknown>>(
	upstreamUrl: string,
	sql: string,
	params: unknown[] = []
): Promise<T[]> {
	const res = await fetch(`${upstreamUrl}/api/test/sql`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ sql, params })
	});
	if (res.status !== 200) throw new Error(`upstream sql answered ${res.status}: ${await res.text()}`);
	return ((await res.json()) as { rows: T[] }).rows;
}

/**
 * Copies the outlet's company, brands, store (with its API key hash, so tablets authenticate at the edge), categories
 * and products from upstream into the edge's tables with the same ids: what the mirror does in the product.
 */
export async function copyOutletRows(db: Db, upstreamUrl: string, outlet: OutletCreds = JKT): Promise<void> {
	const pick = async (table: string, where: string) =>
		(
			await upstreamSql<SqlReply['rows'][number]>(
				upstreamUrl,
				`select to_jsonb(t) - 'changed_at' as r from ${table} t where ${where}`,
				[outlet.id]
			)
		).map((x) => x.r);
	const company = `company_id = (select company_id from stores where id = $1)`;
	const plan: [string, Record<string, unknown>[]][] = [
		['companies', await pick('companies', 'id = (select company_id from stores where id = $1)')],
		['brands', await pick('brands', company)],
		['stores', await pick('stores', 'id = $1')],
		['categories', await pick('categories', company)],
		['products', await pick('products', company)]
	];
	await db.tx(async (q) => {
		for (const [table, rows] of plan)
			for (const r of rows)
				await q.query(
					`insert into ${table} select * from jsonb_populate_record(null::${table}, $1::jsonb) on conflict do nothing`,
					[JSON.stringify(r)]
				);
	});
}

/** Pushes `n` paid orders to the edge as its tablets do (batches of up to 100); returns their local ids and totals. */
export async function pushOrdersToEdge(
	edgeUrl: string,
	n: number,
	prefix: string
): Promise<{ local_id: string; total_amount: number }[]> {
	const all = Array.from({ length: n }, (_, i) =>
		order(JKT, { local_id: `${prefix}-${String(i).padStart(5, '0')}`, total_amount: 10_000 + i * 7 })
	);
	for (let i = 0; i < all.length; i += 100) {
		const items = all.slice(i, i + 100).map((data) => ({ entity_type: 'order', data }));
		const res = await fetch(`${edgeUrl}/api/v1/outlets/${JKT.id}/sync/batch`, {
			method: 'POST',
			headers: { ...authHeaders(JKT), 'content-type': 'application/json' },
			body: JSON.stringify({ outlet_id: JKT.id, outlet_code: JKT.code, items })
		});
		const body = (await res.json()) as { data?: { success?: number } };
		if (res.status !== 200 || body.data?.success !== items.length)
			throw new Error(`edge batch answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
	}
	return all.map((o) => ({ local_id: o.local_id, total_amount: o.total_amount }));
}

/** The orders upstream holds with a local_id prefix: count and sum of totals. */
export async function upstreamOrders(
	upstreamUrl: string,
	prefix: string
): Promise<{ n: number; sum: number }> {
	const rows = await upstreamSql<{ n: string; sum: string | null }>(
		upstreamUrl,
		'select count(*)::text as n, sum(total_amount)::text as sum from orders where local_id like $1',
		[`${prefix}-%`]
	);
	return { n: Number(rows[0]?.n ?? 0), sum: Number(rows[0]?.sum ?? 0) };
}

export interface CutProxy {
	url: string;
	/** Refuses new connections and drops open ones (the outlet's internet is down). */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

/** A TCP proxy between the edge and upstream that the test can cut and restore. */
export async function startEdgeCut(targetPort: number): Promise<CutProxy> {
	let down = false;
	const open = new Set<Socket>();
	const server = createServer((client) => {
		if (down) {
			client.destroy();
			return;
		}
		const up = connect(targetPort, '127.0.0.1');
		open.add(client);
		open.add(up);
		const drop = () => {
			client.destroy();
			up.destroy();
			open.delete(client);
			open.delete(up);
		};
		client.on('error', drop).on('close', drop);
		up.on('error', drop).on('close', drop);
		client.pipe(up);
		up.pipe(client);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		cut() {
			down = true;
			for (const s of open) s.destroy();
			open.clear();
		},
		restore() {
			down = false;
		},
		close: () =>
			new Promise<void>((r) => {
				for (const s of open) s.destroy();
				server.close(() => r());
			})
	};
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
	const s = createHttpServer();
	await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
	const port = (s.address() as AddressInfo).port;
	await new Promise<void>((r) => s.close(() => r()));
	return port;
}

/** The edge's app seen as a test server, for the contract helpers that take one (openStream, cloud, call). */
export function edgeServer(url: string): TestServer {
	const port = Number(new URL(url).port);
	const none = () => Promise.resolve();
	return {
		url,
		port,
		databaseUrl: undefined,
		dataDir: '',
		output: () => '',
		stop: none,
		restart: none,
		halt: none
	};
}
