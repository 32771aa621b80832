// GET /api/edge/status (JSON, no auth, no secrets) and a small HTML page at /edge: what the edge is,
// which outlet it serves, whether upstream answers, and each part's state (mirror, forwarder …).
// A server that is not an edge answers { mode: 'server' }, so a tablet can tell whether it goes
// through an edge by asking its configured address.
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { EdgeStatusResponse, type EdgeStatus } from '../../src/lib/contract/edge.ts';
import type { EdgeRuntime } from './index.ts';

const route = createRoute({
	method: 'get',
	path: '/api/edge/status',
	tags: ['Edge'],
	summary: "The outlet edge's state: outlet, upstream reachability, and each part's status",
	description:
		'No authentication and no secrets. A server that is not an edge answers `{ "mode": "server" }`.',
	responses: {
		200: { description: 'Status', content: { 'application/json': { schema: EdgeStatusResponse } } }
	}
});

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function cell(value: unknown): string {
	if (value === null || value === undefined) return '–';
	if (typeof value === 'object') return `<code>${escape(JSON.stringify(value))}</code>`;
	return escape(String(value));
}

/** The page: a table per section, refreshed every 5 s, no script. */
export function statusPage(s: EdgeStatus): string {
	const rows = (entries: [string, unknown][]) =>
		entries.map(([k, v]) => `<tr><th>${escape(k)}</th><td>${cell(v)}</td></tr>`).join('');
	const sections =
		s.mode === 'server'
			? '<p>This server is not an outlet edge (mode: server).</p>'
			: [
					`<h2>Edge</h2><table>${rows([
						['edge id', s.edge_id],
						['outlet', s.outlet ? `${s.outlet.code} (${s.outlet.id})` : 'not known yet']
					])}</table>`,
					`<h2>Upstream</h2><table>${rows([
						['reachable', s.upstream.reachable ? 'yes' : 'no'],
						['last answer', s.upstream.last_ok_at],
						['last error', s.upstream.last_error]
					])}</table>`,
					...Object.entries(s.parts).map(
						([name, part]) => `<h2>${escape(name)}</h2><table>${rows(Object.entries(part))}</table>`
					)
				].join('\n');
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="refresh" content="5"><title>Kasir edge</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5rem;max-width:60rem}th{text-align:left;padding-right:1rem;vertical-align:top}code{white-space:pre-wrap;word-break:break-all}</style>
</head><body><h1>Kasir edge</h1>
${sections}
</body></html>`;
}

export function edgeStatusRoutes(edge: Pick<EdgeRuntime, 'status'> | null) {
	const app = new OpenAPIHono();
	const read = async (): Promise<EdgeStatus> => (edge ? await edge.status() : { mode: 'server' });
	app.openapi(route, async (c) => {
		c.header('Cache-Control', 'no-store');
		return c.json(await read(), 200);
	});
	app.get('/edge', async (c) => {
		c.header('Cache-Control', 'no-store');
		return c.html(statusPage(await read()));
	});
	return app;
}
