// A test-only HTTP proxy in front of the real reference server that breaks it the way seed 000's
// field report describes (and a few more), so the server's own code keeps no fault switches.
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = [
	/** GET /api/sync/categories/ answers 500 with a server error body. */
	'categories500',
	/** GET /api/sync/products/ answers 400: the server wants `store_id`, not `company_id`. */
	'products400',
	/** GET /api/sync/modifiers/ answers 404. */
	'modifiers404',
	/** The photo list sends `photos[2].size` as a string. */
	'photoSizeString',
	/** GET /api/sync/stores/ ignores `since`: page 2 is page 1 again. */
	'storesCheckpointStuck',
	/** Photo downloads carry a wrong X-Checksum. */
	'wrongChecksum',
	/** Every Date header is 10 minutes ahead. */
	'clock10min'
] as const;
/** Not in the default set: the OpenAPI document no longer lists the status report's `dry_run` (a server without the extension). */
export type Fault = (typeof FAULTS)[number] | 'noDryRun';

export const WRONG_CHECKSUM = '0123456789abcdef0123456789abcdef';
export const CATEGORIES_500_DETAIL = 'ProgrammingError: column categories.brand_id does not exist';

export interface BreakingProxy {
	url: string;
	/** `METHOD /path` of every request seen, in order. */
	requests: string[];
	close(): Promise<void>;
}

const futureDate = () => new Date(Date.now() + 10 * 60_000).toUTCString();

function copyHeaders(h: IncomingHttpHeaders): OutgoingHttpHeaders {
	const out: OutgoingHttpHeaders = {};
	for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = v;
	return out;
}

type PhotoList = { data?: { photos?: Record<string, unknown>[] } };
type OpenApiDoc = { paths?: Record<string, { post?: { parameters?: { name?: string }[] } }> };

function withStringSize(body: PhotoList): PhotoList {
	const row = body.data?.photos?.[2];
	if (row) row.size = String(row.size);
	return body;
}

function withoutDryRun(doc: OpenApiDoc): OpenApiDoc {
	const post = doc.paths?.['/api/v1/sync/product-photos/status/']?.post;
	if (post?.parameters) post.parameters = post.parameters.filter((p) => p.name !== 'dry_run');
	return doc;
}

export async function startBreakingProxy(
	target: string,
	faults: readonly Fault[] = FAULTS
): Promise<BreakingProxy> {
	const on = new Set(faults);
	const upstream = new URL(target);
	const requests: string[] = [];
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://proxy');
		const path = url.pathname;
		requests.push(`${req.method ?? 'GET'} ${path}`);
		const answer = (status: number, body: unknown) => {
			req.resume();
			const text = JSON.stringify(body);
			res.writeHead(status, {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(text),
				...(on.has('clock10min') ? { date: futureDate() } : {})
			});
			res.end(text);
		};
		if (on.has('categories500') && /^\/api\/sync\/categories\/?$/.test(path))
			return answer(500, {
				status: 'error',
				message: 'Internal server error',
				detail: CATEGORIES_500_DETAIL
			});
		if (on.has('products400') && /^\/api\/sync\/products\/?$/.test(path))
			return answer(400, { status: 'error', message: 'store_id is required' });
		if (on.has('modifiers404') && /^\/api\/sync\/modifiers\/?$/.test(path))
			return answer(404, { detail: 'Not found.' });
		if (on.has('storesCheckpointStuck') && /^\/api\/sync\/stores\/?$/.test(path))
			url.searchParams.delete('since');

		const headers = copyHeaders(req.headers);
		headers.host = upstream.host;
		// Bodies the proxy rewrites must come uncompressed.
		delete headers['accept-encoding'];
		const up = request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: `${url.pathname}${url.search}`,
				headers
			},
			(upRes) => {
				const out = copyHeaders(upRes.headers);
				if (on.has('clock10min')) out.date = futureDate();
				if (on.has('wrongChecksum') && /^\/api\/v1\/sync\/product-photos\/[^/]+\/download\/?$/.test(path))
					out['x-checksum'] = WRONG_CHECKSUM;
				const isPhotoList =
					on.has('photoSizeString') &&
					req.method === 'GET' &&
					/^\/api\/v1\/sync\/product-photos\/?$/.test(path) &&
					upRes.statusCode === 200;
				const isOpenApi = on.has('noDryRun') && path === '/api/openapi.json' && upRes.statusCode === 200;
				if (!isPhotoList && !isOpenApi) {
					res.writeHead(upRes.statusCode ?? 502, out);
					upRes.pipe(res);
					return;
				}
				const chunks: Buffer[] = [];
				upRes.on('data', (c: Buffer) => chunks.push(c));
				upRes.on('end', () => {
					const text = JSON.stringify(
						isOpenApi
							? withoutDryRun(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OpenApiDoc)
							: withStringSize(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PhotoList)
					);
					out['content-length'] = String(Buffer.byteLength(text));
					delete out['transfer-encoding'];
					res.writeHead(upRes.statusCode ?? 200, out);
					res.end(text);
				});
			}
		);
		up.on('error', (e) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${e.message}`);
		});
		res.on('close', () => up.destroy());
		req.pipe(up);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((r) => {
				server.closeAllConnections();
				server.close(() => r());
			})
	};
}
