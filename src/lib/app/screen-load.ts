// Why: every screen but selling reads the local database on the UI thread: its route's `load` opens the UI's own RxDB
// instance first (a dynamic import, so RxDB's stack is a chunk of its own that the selling screen never loads), and its
// components then find `app.db` open, as they did when boot opened it for every page.
import { app } from '$lib/managers/app.svelte';

export async function load(): Promise<void> {
	await app.database();
}
