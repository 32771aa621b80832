// Why: the conflicts handler: resolve now or later; the choice is kept locally and sent when online.
import type { ConflictStrategy } from '../../src/lib/db/types';
import type { Ctx } from '../context';

export function conflictHandlers(ctx: Ctx, nudge: () => void) {
	return {
		async resolveConflict(
			id: string,
			strategy: ConflictStrategy,
			resolvedBy: string,
			notes: string | null = null
		) {
			// Resolutions are rare: their code (the sending with it) loads with the first one.
			const { queueResolution } = await import('./resolve');
			const r = await queueResolution(ctx, id, strategy, resolvedBy, notes);
			if (r.ok) nudge();
			return r;
		}
	};
}
export type ConflictsApi = ReturnType<typeof conflictHandlers>;
