// Why: the stream parser must survive any chunking the network produces, drop comments, and keep ids.
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

const stream =
	': ping\n\nid: 1\nevent: entity.updated\ndata: {"a":1}\n\nid: 2\nevent: broadcast.message\ndata: line1\ndata: line2\n\n: ping\n\n';

describe('SseParser', () => {
	it('parses whole messages, drops comments, joins data lines', () => {
		const p = new SseParser();
		const msgs = p.push(stream);
		expect(msgs).toEqual([
			{ id: '1', event: 'entity.updated', data: '{"a":1}' },
			{ id: '2', event: 'broadcast.message', data: 'line1\nline2' }
		]);
		expect(p.lastEventId).toBe('2');
	});

	it('gives the same messages whatever the chunk boundaries (incl. CRLF split)', () => {
		const crlf = stream.replace(/\n/g, '\r\n');
		for (const text of [stream, crlf]) {
			const whole = new SseParser().push(text);
			for (let size = 1; size <= 7; size++) {
				const p = new SseParser();
				const got = [];
				for (let i = 0; i < text.length; i += size) got.push(...p.push(text.slice(i, i + size)));
				expect(got).toEqual(whole);
			}
		}
	});

	it('handles a field without a space and an unknown field', () => {
		const p = new SseParser();
		expect(p.push('id:7\nretry: 10\ndata:x\n\n')).toEqual([{ id: '7', event: 'message', data: 'x' }]);
	});
});
