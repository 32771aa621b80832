// Why: EventSource cannot send the API-key headers, so the event stream is read with fetch and parsed here (text/event-stream framing).

export interface SseMessage {
	id: string | null;
	event: string;
	data: string;
}

/** Incremental parser: feed it chunks as they arrive, get whole messages back. Comment lines (`: ping`) are dropped. */
export class SseParser {
	#buffer = '';
	#id: string | null = null;
	#event = '';
	#data: string[] = [];
	/** The last `id:` seen, kept across messages as the spec says (for Last-Event-ID). */
	lastEventId: string | null = null;
	/** The server's reconnection hint (`retry:`), in milliseconds. */
	retry: number | null = null;
	/** Comment lines (`: ping`), newest last; kept only when `keepComments` (tests read them). */
	readonly comments: string[] = [];

	constructor(private readonly opts: { keepComments?: boolean } = {}) {}

	push(chunk: string): SseMessage[] {
		this.#buffer += chunk;
		const out: SseMessage[] = [];
		for (;;) {
			const m = /\r\n|\r|\n/.exec(this.#buffer);
			if (!m) break;
			// A lone \r at the very end may be the first half of \r\n: wait for more.
			if (m[0] === '\r' && m.index === this.#buffer.length - 1) break;
			const line = this.#buffer.slice(0, m.index);
			this.#buffer = this.#buffer.slice(m.index + m[0].length);
			const msg = this.#line(line);
			if (msg) out.push(msg);
		}
		return out;
	}

	#line(line: string): SseMessage | null {
		if (line === '') {
			if (this.#data.length === 0 && this.#id === null) {
				this.#event = '';
				return null;
			}
			const msg: SseMessage = { id: this.#id, event: this.#event || 'message', data: this.#data.join('\n') };
			if (this.#id !== null) this.lastEventId = this.#id;
			this.#id = null;
			this.#event = '';
			this.#data = [];
			return msg;
		}
		if (line.startsWith(':')) {
			if (this.opts.keepComments) this.comments.push(line.slice(1).trim());
			return null;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'data') this.#data.push(value);
		else if (field === 'event') this.#event = value;
		else if (field === 'id' && !value.includes('\0')) this.#id = value;
		else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
		return null;
	}
}
