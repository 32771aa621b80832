// The edge's session at the upstream HO: logs in with EDGE_HO_USERNAME/PASSWORD, sends the access
// token, logs in again once on a 401, and validates every answer against the HO contract (the same
// schemas the worker's HO client uses; that client itself lives on RxDB settings, this one in memory).
import type { z } from 'zod';
import { TokenPair } from '../../src/lib/contract/ho.ts';
import type { EdgeConfig, Upstream } from './types.ts';

/** An upstream answer the edge cannot use: an HTTP status other than 2xx, or a body off the contract. */
export class UpstreamError extends Error {
	constructor(
		message: string,
		readonly status: number | null
	) {
		super(message);
		this.name = 'UpstreamError';
	}
}

async function describe(res: Response): Promise<string> {
	const text = await res.text().catch(() => '');
	try {
		const body = JSON.parse(text) as { message?: unknown };
		if (typeof body.message === 'string') return body.message;
	} catch {
		// not JSON: the text itself says what went wrong
	}
	return text.slice(0, 200) || res.statusText;
}

export interface HoSession {
	/** The logged-in user's company (known after the first successful request). */
	companyId(): Promise<string>;
	getJson<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>>;
	getBytes(path: string): Promise<{ bytes: Uint8Array; checksum: string | null }>;
}

/** `signal` aborts every request of the session (the edge stopping). */
export function hoSession(edge: EdgeConfig, upstream: Upstream, signal?: AbortSignal): HoSession {
	let tokens: z.output<typeof TokenPair> | null = null;

	async function login() {
		const res = await upstream.ho('/api/auth/login/', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: edge.hoUsername, password: edge.hoPassword }),
			signal
		});
		if (res.status !== 200)
			throw new UpstreamError(
				`HO login as ${edge.hoUsername}: ${res.status} ${await describe(res)}`,
				res.status
			);
		const parsed = TokenPair.safeParse(await res.json());
		if (!parsed.success) throw new UpstreamError('HO login: answer off the contract', res.status);
		tokens = parsed.data;
		return parsed.data;
	}

	async function authorized(path: string): Promise<Response> {
		const send = async () =>
			upstream.ho(path, {
				headers: { authorization: `Bearer ${(tokens ?? (await login())).access}` },
				signal
			});
		let res = await send();
		if (res.status === 401) {
			await res.body?.cancel();
			await login();
			res = await send();
		}
		if (res.status < 200 || res.status >= 300)
			throw new UpstreamError(`HO ${path.split('?')[0]}: ${res.status} ${await describe(res)}`, res.status);
		return res;
	}

	return {
		async companyId() {
			const t = tokens ?? (await login());
			if (!t.user?.company_id) throw new UpstreamError('HO login answered no user company', 200);
			return t.user.company_id;
		},
		async getJson(path, schema) {
			const res = await authorized(path);
			const parsed = schema.safeParse(await res.json());
			if (!parsed.success)
				throw new UpstreamError(`HO ${path.split('?')[0]}: answer off the contract`, res.status);
			return parsed.data;
		},
		async getBytes(path) {
			const res = await authorized(path);
			return { bytes: new Uint8Array(await res.arrayBuffer()), checksum: res.headers.get('x-checksum') };
		}
	};
}
