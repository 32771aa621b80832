// Why: the /edge page shows whatever the parts report (upstream error texts included): it must escape it all.
import { describe, expect, it } from 'vitest';
import { statusPage } from './status.ts';

describe('statusPage', () => {
	it('escapes every value it shows and names each part', () => {
		const html = statusPage({
			mode: 'edge',
			edge_id: 'edge-1',
			outlet: { id: 'o-1', code: 'JKT-001' },
			upstream: { reachable: false, last_ok_at: null, last_error: '<script>alert(1)</script>' },
			parts: { mirror: { state: 'error', last_error: 'a & "b"' }, forwarder: { backlog: 3 } }
		});
		expect(html).not.toContain('<script>');
		expect(html).toContain('&#60;script&#62;');
		expect(html).toContain('a &#38; &#34;b&#34;');
		expect(html).toContain('<h2>mirror</h2>');
		expect(html).toContain('<h2>forwarder</h2>');
		expect(html).toContain('JKT-001');
	});

	it('says when the server is not an edge', () => {
		expect(statusPage({ mode: 'server' })).toContain('not an outlet edge');
	});
});
