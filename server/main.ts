// Starts the reference server: database, migrations, demo data (or, in edge mode, the outlet edge),
// HTTP or HTTPS, and a graceful shutdown.
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { EventHub } from './cloud/event-hub.ts';
import { readConfig } from './config.ts';
import { migrate } from './db/migrations.ts';
import { readEdgeConfig } from './edge/config.ts';
import { startEdge } from './edge/index.ts';
import { openDb } from './db/open.ts';
import { log } from './log.ts';
import { seedDemo } from './seed/demo.ts';

const config = readConfig();
const db = await openDb({
	databaseUrl: config.databaseUrl,
	dataDir: config.dataDir,
	poolSize: config.databasePoolSize
});
const applied = await migrate(db);
if (applied.length) log('info', 'migrations applied', { versions: applied });

const edgeConfig = readEdgeConfig(process.env, config.dataDir);
// config.seedDemo is off in edge mode: the edge's data is its outlet's, mirrored from upstream.
const demo = config.seedDemo ? await seedDemo(db) : null;
const hub = await EventHub.start(db);
const edge = edgeConfig ? await startEdge({ db, hub, config, edge: edgeConfig }) : null;
const app = createApp({ db, config, hub }, edge);

const tls =
	config.tlsCertFile && config.tlsKeyFile
		? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
		: null;
const listen = { fetch: app.fetch, port: config.port, hostname: config.host };
const onListening = (info: { port: number }) => {
	const url = `${tls ? 'https' : 'http'}://localhost:${info.port}`;
	log('info', 'listening', {
		url,
		database: db.kind,
		staticDir: config.staticDir ?? null,
		mode: edge ? 'edge' : 'server'
	});
	// The one place credentials are printed on purpose: the demo's, so a person can log in.
	if (demo) {
		process.stdout.write(
			[
				'',
				`  Kasir is running at ${url}`,
				`  HO login:        ${demo.username} / ${demo.password}`,
				`  Outlet ${demo.outletCode}:  id ${demo.outletId}`,
				`  Cloud API key:   ${demo.apiKey}`,
				`  API reference:   ${url}/api/docs`,
				''
			].join('\n') + '\n'
		);
	}
};
const server = tls
	? serve({ ...listen, createServer: createHttpsServer, serverOptions: tls }, onListening)
	: serve(listen, onListening);

// Idle keep-alive sockets outlive the client's own timeout (undici 4 s, browsers and proxies up
// to 60 s): the server closing first is what makes a client's reused socket fail mid-request.
if ('keepAliveTimeout' in server) {
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
}

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	log('info', 'shutting down', { signal });
	await edge?.stop();
	hub.closeAll();
	server.close();
	await hub.stop();
	await db.close();
	process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
