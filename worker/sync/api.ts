// Why: the sync handlers the UI calls: start/cancel jobs, read their history, ask for an immediate push or pull.
import type { SyncJobDoc } from '../../src/lib/db/types';
import type { Ctx } from '../context';
import { cancelSync, startSync } from '../jobs/start';
import type { SyncScope } from '../jobs/steps';
import type { Replicator } from './replicator';

export function syncHandlers(ctx: Ctx, replicator: Replicator) {
	return {
		startSync: (scope: SyncScope = 'all') => startSync(ctx, scope),
		cancelSync: (syncId: string) => cancelSync(ctx, syncId),
		async getSyncJob(syncId: string): Promise<SyncJobDoc | null> {
			return (await ctx.db.sync_jobs.findOne(syncId).exec())?.toMutableJSON() ?? null;
		},
		async listSyncJobs(limit = 20): Promise<SyncJobDoc[]> {
			return (await ctx.db.sync_jobs.find({ sort: [{ started_at: 'desc' }], limit }).exec()).map((d) =>
				d.toMutableJSON()
			);
		},
		/** Nudges the leader's push (a follower's nudge is a no-op: the leader watches the DB itself). */
		async pushNow(): Promise<void> {
			replicator.requestPush();
		},
		/** Diagnostics: this worker's replication role, its leadership term, and how many stale write-backs it refused. */
		async getLeadership(): Promise<{ role: string; epoch: number | null; refused: number }> {
			return replicator.leadership();
		}
	};
}
export type SyncApi = ReturnType<typeof syncHandlers>;
