// Property-based fuzzing of every route in /api/openapi.json with bad and hostile input (wrong
// types, NUL, lone surrogates, impossible dates, deep and huge bodies, injection strings, the other
// tenant's ids): never a 5xx, never a dropped connection, always the documented error envelope,
// and the other company's data never read nor changed. FUZZ_CASES (default 1000) and FUZZ_SEED
// (fixed default, printed on failure) steer it; `npm run fuzz -- --cases N` runs a longer one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER } from '../../server/seed/demo.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { cloud, JKT, MLG } from './cloud-helpers.ts';
import {
	authFor,
	baseBody,
	headerValue,
	hostileValue,
	isCloud,
	judge,
	pathsOf,
	readOperations,
	setAt,
	type Operation,
	type Own,
	type Request,
	type Victim
} from './fuzz-support.ts';
import { call, login, pullAll } from './ho-helpers.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** fast-check's replay path from a failure report: runs just that case (and its shrinks). */
const PATH = process.env.FUZZ_PATH || undefined;

let server: TestServer;
let ops: Operation[];
let own: Own;
let victim: Victim;
let victimToken: string;

async function victimSnapshot() {
	const products = await pullAll(server, victimToken, 'products', victim.companyId);
	const status = await cloud(server, MLG, '/sync/status');
	const stores = await pullAll(server, victimToken, 'stores', victim.companyId);
	return {
		products: products.rows.map((p) => [p.id, p.version, p.price, p.name, p.is_deleted]),
		stores: stores.rows.map((s) => [s.id, JSON.stringify(s.config)]),
		orders: status.body.data?.orders as number,
		transactions: status.body.data?.transactions as number
	};
}

beforeAll(async () => {
	server = await startServer({
		env: {
			// The limits are tested on their own; here they would only turn most answers into 429.
			RATE_LIMIT_PER_MINUTE: '1000000',
			BAD_KEY_PER_MINUTE: '1000000',
			LOGIN_MAX_FAILURES: '1000000',
			LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
			MAX_STREAMS_PER_OUTLET: '1000'
		}
	});
	ops = await readOperations(server);
	const a = await login(server);
	const companyId = a.user.company_id;
	const stores = await pullAll(server, a.access, 'stores', companyId);
	const products = await pullAll(server, a.access, 'products', companyId);
	const photos = await call(server, `/api/v1/sync/product-photos/?store_id=${JKT.id}&limit=5`, {
		token: a.access
	});
	own = {
		token: a.access,
		storeId: JKT.id,
		productIds: products.rows.slice(0, 10).map((p) => p.id),
		photoIds: ((photos.body.data?.photos as { id: string }[]) ?? []).map((p) => p.id),
		conflictIds: []
	};
	expect(stores.rows.length).toBeGreaterThan(0);
	const b = await login(server, OTHER.username, OTHER.password);
	victimToken = b.access;
	const bProducts = await pullAll(server, b.access, 'products', OTHER.companyId);
	const bPhotos = await call(server, `/api/v1/sync/product-photos/?store_id=${OTHER.storeId}&limit=20`, {
		token: b.access
	});
	victim = {
		companyId: OTHER.companyId,
		storeId: OTHER.storeId,
		productIds: bProducts.rows.map((p) => p.id),
		photoIds: ((bPhotos.body.data?.photos as { id: string }[]) ?? []).map((p) => p.id)
	};
}, 120_000);

afterAll(async () => {
	await server?.stop();
});

/** Percent-encodes a path segment; a lone surrogate goes out as the invalid UTF-8 bytes it would be. */
function encodeSegment(v: string): string {
	try {
		return encodeURIComponent(v);
	} catch {
		return [...v]
			.map((ch) => {
				const code = ch.charCodeAt(0);
				if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
					return `%ED%${(0xa0 | ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
				return encodeURIComponent(ch);
			})
			.join('');
	}
}

function requestArb(): fc.Arbitrary<Request> {
	const victimIds = [
		victim.companyId,
		victim.storeId,
		...victim.productIds.slice(0, 3),
		...victim.photoIds.slice(0, 2)
	];
	const idFor = (name: string) => {
		const mine =
			name === 'outlet_id' || name === 'store_id'
				? own.storeId
				: name === 'photo_id'
					? (own.photoIds[0] ?? own.storeId)
					: (own.productIds[0] ?? own.storeId);
		return fc.oneof(
			{ weight: 5, arbitrary: fc.constant(mine) },
			{ weight: 2, arbitrary: fc.constantFrom(...victimIds) },
			{
				weight: 2,
				arbitrary: hostileValue(victimIds).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
			}
		);
	};
	return fc.integer({ min: 0, max: ops.length - 1 }).chain((i) => {
		const op = ops[i] as Operation;
		const base = baseBody(op, own);
		const paths = pathsOf(base);
		return fc
			.record({
				params: fc.tuple(...op.pathParams.map((p) => idFor(p)), fc.constant('')),
				query: fc.array(
					fc.tuple(
						fc.constantFrom(...op.queryParams, 'since', 'limit', 'x\u0000'),
						fc.oneof(idFor('store_id'), hostileValue(victimIds).map(String))
					),
					{ maxLength: 3 }
				),
				bodyMode: fc.constantFrom('mutate', 'mutate', 'mutate', 'valid', 'json', 'raw', 'huge', 'binary'),
				mutations: fc.array(fc.tuple(fc.constantFrom(...paths), hostileValue(victimIds)), {
					minLength: 1,
					maxLength: 3
				}),
				json: fc.jsonValue({ maxDepth: 4 }),
				raw: fc.constantFrom(
					'{',
					'{"a":',
					'[1,2',
					'null',
					'"\\ud800"',
					'{"a":"\\u0000"}',
					'['.repeat(20000) + ']'.repeat(20000),
					'not json'
				),
				auth: fc.constantFrom('own', 'own', 'own', 'own', 'none', 'garbage', 'victim-headers'),
				extraHeader: fc.option(
					fc.tuple(
						fc.constantFrom('x-outlet-id', 'x-outlet-code', 'last-event-id', 'content-type'),
						headerValue(victimIds)
					),
					{ nil: undefined }
				)
			})
			.map((g): Request => {
				let url = op.path;
				op.pathParams.forEach((p, k) => {
					url = url.replace(`{${p}}`, encodeSegment(String(g.params[k])));
				});
				const qs = new URLSearchParams();
				if (op.queryParams.includes('store_id')) qs.set('store_id', own.storeId);
				if (op.queryParams.includes('company_id')) qs.set('company_id', '');
				for (const [k, v] of g.query) qs.set(k, v);
				const headers: Record<string, string> = {};
				if (g.auth === 'own') Object.assign(headers, authFor(op, own));
				if (g.auth === 'garbage') headers.authorization = 'Bearer not-a-key';
				if (g.auth === 'victim-headers')
					Object.assign(headers, authFor(op, own), { 'x-outlet-id': MLG.id, 'x-outlet-code': MLG.code });
				let body: string | Uint8Array | undefined;
				if (op.method !== 'GET' && op.method !== 'DELETE') {
					headers['content-type'] = op.bodyType ?? 'application/json';
					if (g.bodyMode === 'valid') body = JSON.stringify(base);
					else if (g.bodyMode === 'mutate') {
						let b = structuredClone(base);
						for (const [p, v] of g.mutations) b = setAt(b, p, v);
						body = JSON.stringify(b);
					} else if (g.bodyMode === 'json') body = JSON.stringify(g.json);
					else if (g.bodyMode === 'raw') body = g.raw;
					else if (g.bodyMode === 'huge') body = JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) });
					else {
						const png = Uint8Array.from([
							0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8
						]);
						body = op.bodyType?.startsWith('image/') ? png : String.fromCharCode(...png);
					}
				}
				if (g.extraHeader) headers[g.extraHeader[0]] = g.extraHeader[1];
				const q = qs.toString();
				const target = `${url}${q ? `?${q}` : ''}`;
				const label = `${op.method} ${target.length > 200 ? `${target.slice(0, 200)}…` : target} [${g.auth}, ${op.method === 'GET' ? 'no body' : g.bodyMode}]`;
				return { method: op.method, url: `${server.url}${url}${q ? `?${q}` : ''}`, headers, body, label };
			});
	});
}

/** fast-check's default report prints the whole counterexample (megabytes for a huge body): keep it short. */
function report(details: fc.RunDetails<[Request]>): void {
	if (!details.failed) return;
	const error =
		details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
	throw new Error(
		`property failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath ?? ''}): ${error.length > 3000 ? `${error.slice(0, 1000)}…${error.slice(-2000)}` : error}`
	);
}

async function send(req: Request): Promise<string | null> {
	const ctrl = new AbortController();
	let res: Response;
	try {
		res = await fetch(req.url, {
			method: req.method,
			headers: req.headers,
			body: typeof req.body === 'string' || req.body === undefined ? req.body : new Uint8Array(req.body),
			signal: ctrl.signal
		});
	} catch (e) {
		return `connection failed: ${e instanceof Error ? `${e.message} ${String(e.cause)}` : String(e)}\nserver log: ${server.output().slice(-1500)}`;
	}
	const type = res.headers.get('content-type') ?? '';
	// Node's HTTP parser answers a head over 16 KB (a giant URL) itself, before any route: no body.
	if (res.status === 431) {
		await res.arrayBuffer().catch(() => undefined);
		return null;
	}
	if (type.startsWith('text/event-stream')) {
		ctrl.abort();
		return res.status === 200 ? null : `event stream answered ${res.status}`;
	}
	let text: string;
	try {
		text = await res.text();
	} catch (e) {
		return `connection dropped while reading: ${e instanceof Error ? e.message : String(e)}`;
	}
	if (!isCloud(new URL(req.url).pathname) && type.startsWith('image/'))
		return res.status < 500 ? null : `answered ${res.status}`;
	return judge(req, res.status, type, text, victim);
}

describe('fuzz: every route in /api/openapi.json', () => {
	it(
		`holds for ${CASES} hostile requests (seed ${SEED})`,
		{ timeout: Math.max(120_000, CASES * 500) },
		async () => {
			expect(ops.length).toBeGreaterThan(15);
			const before = await victimSnapshot();
			let last = '';
			try {
				await fc.assert(
					fc.asyncProperty(requestArb(), async (req) => {
						last = req.label;
						if (process.env.FUZZ_DEBUG)
							console.log(
								req.label,
								JSON.stringify(req.headers),
								typeof req.body === 'string' ? req.body.slice(0, 300) : req.body
							);
						const problem = await send(req);
						if (problem) throw new Error(`${req.label}: ${problem}`);
					}),
					{
						numRuns: CASES,
						seed: SEED,
						path: PATH,
						endOnFailure: true,
						includeErrorInReport: true,
						reporter: report
					}
				);
			} catch (e) {
				throw new Error(
					`fuzz failed with FUZZ_SEED=${SEED} (FUZZ_CASES=${CASES}); last request ${last}\n${e instanceof Error ? e.message : String(e)}`
				);
			}
			// Nothing the attacker sent reached the other company.
			expect(await victimSnapshot()).toEqual(before);
			// The server still answers on a fresh connection and a reused one.
			expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
		}
	);
});
