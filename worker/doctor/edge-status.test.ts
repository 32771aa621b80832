// The edge card's reading of `GET /api/edge/status`: an edge (upstream, backlog summed over parts, claim), the server
// itself, a server without the endpoint, nothing at all.
import { describe, expect, it } from 'vitest';
import { probeFrom } from './edge-status';

const URL = 'https://edge-jkt001.example.com:8443';

describe('probeFrom', () => {
	it('reads an edge: its id, outlet, upstream state, backlog and claim', () => {
		const p = probeFrom(URL, 200, {
			mode: 'edge',
			edge_id: 'edge-1',
			outlet: { id: 'o1', code: 'JKT-001' },
			upstream: {
				reachable: false,
				last_ok_at: '2026-12-01T10:00:00.000Z',
				last_error: 'TypeError: fetch failed'
			},
			parts: {
				mirror: { last_pull_at: null },
				forwarder: { backlog: 42, forwarded: 10 },
				claim: { state: 'held', edge_id: 'edge-1', message: null }
			}
		});
		expect(p).toEqual({
			url: URL,
			mode: 'edge',
			edge_id: 'edge-1',
			outlet_code: 'JKT-001',
			upstream_reachable: false,
			upstream_last_ok_at: '2026-12-01T10:00:00.000Z',
			upstream_last_error: 'TypeError: fetch failed',
			backlog: 42,
			claim: 'held',
			claim_message: null
		});
	});

	it('an edge whose parts say nothing of backlog or claim leaves them unknown', () => {
		const p = probeFrom(URL, 200, {
			mode: 'edge',
			edge_id: 'e',
			outlet: null,
			upstream: { reachable: true, last_ok_at: null, last_error: null },
			parts: {}
		});
		expect([p.mode, p.outlet_code, p.backlog, p.claim]).toEqual(['edge', null, null, null]);
	});

	it('a refused claim carries its reason (the other edge)', () => {
		const p = probeFrom(URL, 200, {
			mode: 'edge',
			edge_id: 'edge-2',
			outlet: { id: 'o1', code: 'JKT-001' },
			upstream: { reachable: true, last_ok_at: null, last_error: null },
			parts: {
				forwarder: { backlog: 3, claim: 'refused' },
				claim: { state: 'refused', message: 'edge edge-1 on pos-a holds JKT-001 (last seen 10:00)' }
			}
		});
		expect([p.claim, p.claim_message, p.backlog]).toEqual([
			'refused',
			'edge edge-1 on pos-a holds JKT-001 (last seen 10:00)',
			3
		]);
	});

	it('the HO/cloud server itself, a server without the endpoint, and no answer', () => {
		expect(probeFrom(URL, 200, { mode: 'server' }).mode).toBe('server');
		expect(probeFrom(URL, 404, { detail: 'Not found' }).mode).toBe('unknown');
		expect(probeFrom(URL, 200, '<!doctype html>').mode).toBe('unknown');
		expect(probeFrom(URL, null, null).mode).toBe('unreachable');
	});
});
