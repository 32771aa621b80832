// Why: the conflicts handler: resolve now or later; the choice is kept locally and sent when online.
import type { ConflictStrategy } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { queueResolution } from './resolve';

export function conflictHandlers(ctx: Ctx, nudge: () => void) {
	return {
		async resolveConflict(
			id: string,
			strategy: ConflictStrategy,
			resolvedBy: string,
			notes: string | null = null
		) {
			const r = await queueResolution(ctx, id, strategy, resolvedBy, notes);
			if (r.ok) nudge();
			return r;
		}
	};
}
export type ConflictsApi = ReturnType<typeof conflictHandlers>;
