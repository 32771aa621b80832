// /api/docs: Swagger UI from the installed swagger-ui-dist package (version pinned in
// package.json), served by us with no inline script, so the page works offline and under a strict CSP.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';

const ASSETS: Record<string, string> = {
	'swagger-ui.css': 'text/css; charset=utf-8',
	'swagger-ui-bundle.js': 'text/javascript; charset=utf-8'
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kasir API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });\n`;

export function registerDocs(app: OpenAPIHono): void {
	const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
	const cache = new Map<string, string>();
	app.get('/api/docs', (c) => c.html(PAGE));
	app.get('/api/docs/init.js', (c) =>
		c.body(INIT, 200, {
			'Content-Type': 'text/javascript; charset=utf-8',
			'Cache-Control': 'public, max-age=3600'
		})
	);
	for (const [file, type] of Object.entries(ASSETS)) {
		app.get(`/api/docs/${file}`, async (c) => {
			let text = cache.get(file);
			if (text === undefined) {
				text = await readFile(join(dir, file), 'utf8');
				cache.set(file, text);
			}
			return c.body(text, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
		});
	}
}
