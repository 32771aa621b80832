// The edge's one way to reach upstream: a timeout on every request and a reachability state that
// the status endpoint shows (an HTTP answer of any status means reachable; a network error does not).
import type { EdgeConfig, EdgeOutlet, Upstream, UpstreamInit, UpstreamState } from './types.ts';

const join = (base: string, path: string) =>
	base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);

export function createUpstream(edge: EdgeConfig, fetchImpl: typeof fetch = fetch): Upstream {
	const state: UpstreamState = { reachable: false, lastOkAt: null, lastError: null };
	async function call(url: string, init: UpstreamInit = {}): Promise<Response> {
		const { timeoutMs = 15_000, ...rest } = init;
		const signal = rest.signal
			? AbortSignal.any([rest.signal, AbortSignal.timeout(timeoutMs)])
			: AbortSignal.timeout(timeoutMs);
		try {
			const res = await fetchImpl(url, { ...rest, signal });
			state.reachable = true;
			state.lastOkAt = new Date().toISOString();
			state.lastError = null;
			return res;
		} catch (e) {
			state.reachable = false;
			state.lastError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
			throw e;
		}
	}
	return {
		state,
		ho: (path, init) => call(join(edge.hoUrl, path), init),
		cloud: (outlet: EdgeOutlet, path, init = {}) => {
			const headers = new Headers(init.headers);
			headers.set('authorization', `Bearer ${edge.apiKey}`);
			headers.set('x-outlet-id', outlet.id);
			headers.set('x-outlet-code', outlet.code);
			if (init.body !== undefined && !headers.has('content-type'))
				headers.set('content-type', 'application/json');
			return call(join(edge.cloudUrl, path), { ...init, headers });
		}
	};
}
