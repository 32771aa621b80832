// Why: the ingest benches' outlet side, written once: a `/sync/batch` body of `n` new orders, and one POST of it as a
// till sends it (the answer read whole, anything but 200 an error).
import { authHeaders, order, type OutletCreds } from '../tests/contract/cloud-helpers';

export const batchBody = (o: OutletCreds, n: number) =>
	JSON.stringify({
		outlet_id: o.id,
		outlet_code: o.code,
		sync_timestamp: new Date().toISOString(),
		items: Array.from({ length: n }, () => ({ entity_type: 'order', operation: 'create', data: order(o) }))
	});

/** A clock every process on the machine shares (CLOCK_MONOTONIC), in ms: the ingest profile's timeline across processes. */
export const sharedClock = () => Number(process.hrtime.bigint()) / 1e6;

/** POSTs one batch body for outlet `o` to the server at `url`; `onHeaders` runs when the answer's headers are in. */
export async function postBatch(
	url: string,
	o: OutletCreds,
	body: string,
	onHeaders?: () => void
): Promise<void> {
	const r = await fetch(`${url}/api/v1/outlets/${o.id}/sync/batch`, {
		method: 'POST',
		headers: { ...authHeaders(o), 'content-type': 'application/json' },
		body
	});
	onHeaders?.();
	await r.arrayBuffer();
	if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
}
