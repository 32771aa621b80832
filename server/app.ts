// Composes the HTTP app: health, the OpenAPI document and reference, the HO and cloud APIs, the PWA.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { cloudRoutes } from './cloud/routes.ts';
import { compression } from './http/compress.ts';
import type { Deps } from './deps.ts';
import { edgeLogin } from './edge/auth.ts';
import type { EdgeRuntime } from './edge/index.ts';
import { edgeStatusRoutes } from './edge/status.ts';
import { hoRoutes } from './ho/routes.ts';
import { testHooksEnabled } from './ho/test-hooks.ts';
import { registerDocs } from './http/docs.ts';
import {
	bodyLimits,
	corsFromConfig,
	edgeError,
	jsonHygiene,
	jsonOnce,
	securityHeaders
} from './http/edge.ts';
import { log } from './log.ts';

/** `edge`: the running outlet edge in edge mode (server/edge/index.ts), else null. */
export function createApp(deps: Deps, edge: EdgeRuntime | null = null) {
	const app = new OpenAPIHono();

	app.use('*', async (c, next) => {
		const started = performance.now();
		await next();
		if (c.req.path.startsWith('/api/')) {
			log('info', 'request', {
				method: c.req.method,
				path: c.req.path,
				status: c.res.status,
				ms: Math.round(performance.now() - started)
			});
		}
	});

	app.use('*', securityHeaders(deps.config));
	app.use('*', compression({ immutable: (path) => path.startsWith('/_app/immutable/') }));
	app.use('/api/*', corsFromConfig(deps.config));
	app.use('/api/*', bodyLimits());
	app.use('/api/*', jsonOnce());
	app.use('/api/*', jsonHygiene());

	app.onError((err, c) => {
		log('error', 'unhandled error', {
			path: c.req.path,
			error: err instanceof Error ? err.stack : String(err)
		});
		if (c.req.path.startsWith('/api/v1/outlets'))
			return c.json(
				{ success: false, error: 'internal_server_error', message: 'Internal server error' },
				500
			);
		return c.json({ status: 'error', message: 'Internal server error' }, 500);
	});

	app.get('/api/health', async (c) => {
		await deps.db.query('select 1');
		return c.json({ status: 'ok', database: deps.db.kind, time: new Date().toISOString() });
	});

	// Tests only (KASIR_TEST_HOOKS=1): one SQL statement run directly on the database, as an operator would
	// (the reconciliation tests delete and alter stored orders behind the API's back). Not in the OpenAPI.
	app.post('/api/test/sql', async (c) => {
		if (!testHooksEnabled())
			return c.json({ status: 'error', message: `No route for POST ${c.req.path}` }, 404);
		const body = await c.req.json<{ sql?: unknown; params?: unknown }>();
		if (typeof body.sql !== 'string') return c.json({ status: 'error', message: 'sql is required' }, 400);
		const params = Array.isArray(body.params) ? body.params : [];
		const { rows } = await deps.db.query(body.sql, params);
		return c.json({ status: 'success', rows });
	});

	// At the edge a tablet's login goes upstream first (server/edge/auth.ts), then to the local route.
	if (edge) for (const path of ['/api/auth/login', '/api/auth/login/']) app.use(path, edgeLogin(edge));
	app.route('/', hoRoutes(deps));
	app.route('/', cloudRoutes(deps));
	app.route('/', edgeStatusRoutes(edge));

	app.doc31('/api/openapi.json', {
		openapi: '3.1.0',
		info: {
			title: 'Kasir reference server',
			version: '1.0.0',
			description:
				'Head-office (HO) master data and product photos; cloud push, pull, events, conflicts, analytics.'
		}
	});
	registerDocs(app);

	// In the envelope of the API the path belongs to (an empty outlet id lands here, not in the cloud router).
	app.all('/api/*', (c) => edgeError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));

	const staticDir = deps.config.staticDir;
	if (staticDir) {
		app.use('/service-worker.js', async (c, next) => {
			await next();
			c.header('Cache-Control', 'no-cache');
		});
		app.use('/_app/immutable/*', async (c, next) => {
			await next();
			if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
		});
		// serveStatic resolves root against the working directory.
		app.use('/*', serveStatic({ root: relative(process.cwd(), staticDir) || '.' }));
		// SPA fallback: every other path is a client route.
		app.get('*', async (c) => c.html(await readFile(join(staticDir, 'index.html'), 'utf8')));
	}
	return app;
}
