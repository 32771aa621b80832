// Route: the per-outlet event stream (seed 004's webhooks as Server-Sent Events over fetch):
// signed messages, resumable with Last-Event-ID, live events fanned out by the EventHub.
import { createRoute, z } from '@hono/zod-openapi';
import { EventsQuery, OutletParams } from '../../src/lib/contract/cloud.ts';
import { signEvent } from '../auth.ts';
import type { Deps } from '../deps.ts';
import { HttpError } from '../http/envelope.ts';
import { log } from '../log.ts';
import { eventsAfter, type StoredEvent } from './event-hub.ts';
import { errorResponses, outletRoute, type CloudApp, type Outlet } from './http.ts';

export const PING_MS = 15_000;

const route = createRoute({
	...outletRoute,
	method: 'get',
	path: '/api/v1/outlets/{outlet_id}/events',
	summary:
		'Event stream (text/event-stream; read it with fetch and the auth headers). Each message: `id`, `event`, `data: {"signature","payload"}` where signature = hex HMAC-SHA256(key = sha256hex(api_key), `${id}.${JSON.stringify(payload)}`). Send Last-Event-ID (or ?last_event_id=) to replay what was missed.',
	request: {
		params: OutletParams,
		query: EventsQuery,
		headers: z.object({ 'last-event-id': z.string().optional() })
	},
	responses: {
		200: {
			description:
				'entity.updated, entity.deleted, sync.conflict, broadcast.message, config.updated; `: ping` every 15 s',
			content: { 'text/event-stream': { schema: z.string() } }
		},
		...errorResponses(400, 401, 403, 409, 429)
	}
});

function parseLastId(header: string | undefined, query: string | undefined): number | undefined {
	const raw = header?.trim() || query;
	if (raw === undefined || raw === '') return undefined;
	if (!/^\d{1,15}$/.test(raw))
		throw new HttpError(400, 'validation_error', 'Last-Event-ID must be a non-negative integer event id');
	return Number(raw);
}

const enc = new TextEncoder();
const message = (outlet: Outlet, e: StoredEvent) =>
	enc.encode(
		`id: ${e.id}\nevent: ${e.event}\ndata: {"signature":"${signEvent(outlet.keyHash, String(e.id), e.payloadJson)}","payload":${e.payloadJson}}\n\n`
	);

export function registerStream(app: CloudApp, deps: Deps): void {
	app.openapi(route, async (c) => {
		const outlet = c.get('outlet');
		const lastId = parseLastId(c.req.header('last-event-id'), c.req.valid('query').last_event_id);
		if (lastId !== undefined) {
			// Ids are one sequence for every outlet: an id above the newest was never sent by this
			// cloud (a restored database, another server); streaming on would deliver nothing, ever.
			const { rows } = await deps.db.query<{ n: string | number }>(
				'select coalesce(max(id), 0) as n from events'
			);
			const newest = Number(rows[0]?.n ?? 0);
			if (lastId > newest)
				throw new HttpError(
					409,
					'last_event_id_ahead',
					`Last-Event-ID ${lastId} is beyond the newest event (${newest}): this cloud never sent it; reconnect without Last-Event-ID after a full pull`,
					{ last_event_id: newest }
				);
		}
		const max = deps.config.maxStreamsPerOutlet;
		if (deps.hub.streamsOf(outlet.id) >= max) {
			c.header('Retry-After', '30');
			throw new HttpError(
				429,
				'too_many_streams',
				`This outlet already has ${max} open event streams; close one first`,
				{ retry_after: 30 }
			);
		}
		let cleanup = () => {};
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				let open = true;
				let sent = lastId ?? 0;
				let buffered: StoredEvent[] | null = [];
				const write = (chunk: Uint8Array) => {
					if (!open) return;
					try {
						controller.enqueue(chunk);
					} catch {
						cleanup();
					}
				};
				const send = (events: StoredEvent[]) => {
					for (const e of events) {
						if (e.id <= sent) continue;
						sent = e.id;
						write(message(outlet, e));
					}
				};
				// Subscribe before the replay query, buffer live events meanwhile, then dedupe by id:
				// an event committed between the two is neither lost nor sent twice.
				const unsubscribe = deps.hub.subscribe(
					outlet.id,
					(events) => {
						if (buffered) buffered.push(...events);
						else send(events);
					},
					() => {
						cleanup();
					}
				);
				const ping = setInterval(() => write(enc.encode(': ping\n\n')), PING_MS);
				cleanup = () => {
					if (!open) return;
					open = false;
					clearInterval(ping);
					unsubscribe();
					c.req.raw.signal.removeEventListener('abort', cleanup);
					try {
						controller.close();
					} catch {
						// already closed or cancelled by the client
					}
				};
				c.req.raw.signal.addEventListener('abort', cleanup);
				write(enc.encode('retry: 3000\n: connected\n\n'));
				const replay = async () => {
					if (lastId !== undefined) send(await eventsAfter(deps.db, outlet.id, lastId));
					const live = buffered ?? [];
					buffered = null;
					send(live.sort((a, b) => a.id - b.id));
				};
				replay().catch((e: unknown) => {
					log('error', 'event stream replay failed', { error: e instanceof Error ? e.message : String(e) });
					cleanup();
				});
			},
			cancel() {
				cleanup();
			}
		});
		return new Response(body, {
			status: 200,
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-cache, no-transform',
				connection: 'keep-alive',
				'x-accel-buffering': 'no'
			}
		});
	});
}
