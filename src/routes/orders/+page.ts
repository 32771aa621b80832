// This screen reads the local database on the UI thread: its instance opens, and today's newest orders are read, before
// the screen renders (it draws once, with its rows).
import { app } from '$lib/managers/app.svelte';
import { orders } from '$lib/managers/orders.svelte';

export async function load(): Promise<void> {
	await orders.openToday(await app.database(), app.timeZone);
}
