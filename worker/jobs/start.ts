// Why: the sync-job machinery (job manager, its registered steps, the HO pull, the photo step) loads on first use: a till
// that starts with its master data fresh runs none of it, so it stays out of the worker's first load.
import type { Ctx } from '../context';
import type * as Manager from './manager';
import type { SyncScope } from './steps';

let loaded: Promise<typeof Manager> | undefined;

/** The job manager with every step registered (the HO entities, push and pull, then the photo step). */
function jobs(): Promise<typeof Manager> {
	return (loaded ??= Promise.all([import('./steps'), import('../photos/step')]).then(
		() => import('./manager')
	));
}

export async function startSync(ctx: Ctx, scope: SyncScope = 'all'): Promise<Manager.StartSyncResult> {
	return (await jobs()).startSync(ctx, scope);
}

export async function cancelSync(ctx: Ctx, syncId: string): ReturnType<typeof Manager.cancelSync> {
	return (await jobs()).cancelSync(ctx, syncId);
}
