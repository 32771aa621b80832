// This screen reads the local database on the UI thread: its instance opens before the screen renders.
export { load } from '$lib/app/screen-load';
