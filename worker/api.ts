// Why: the one WorkerApi type, joined from each area's handler map (Actual-style); the UI's comlink client is typed by it.
import type { ConflictsApi } from './conflicts/api';
import type { DoctorApi } from './doctor/api';
import type { ReconcileApi } from './reconcile/api';
import type { SalesApi } from './sales/api';
import type { SetupApi } from './setup/api';
import type { StateApi } from './state/api';
import type { StorageApi } from './storage/api';
import type { StoreApi } from './store/api';
import type { SyncApi } from './sync/api';

type Join<A, B> = keyof A & keyof B extends never ? A & B : never;

/** Every handler the worker exposes; a name used by two areas makes this `never` (and the build fails). */
export type WorkerApi = Join<
	Join<
		Join<Join<SetupApi, SyncApi>, Join<StateApi, ConflictsApi>>,
		Join<Join<DoctorApi, StorageApi>, Join<ReconcileApi, SalesApi>>
	>,
	StoreApi
>;

export type { ReplicationState, WorkerEvents, WorkerEventName } from './events';
export type { StartSyncResult } from './jobs/manager';
export type { SyncScope } from './jobs/steps';
export type { DoctorRequest } from './doctor/api';
export type { DoctorCheck, DoctorReport } from './doctor/types';
export type { EdgeProbe, EdgeStatusReport } from './doctor/edge-status';
export type { FreedSpace } from './storage/evict';
export type { StorageStatus } from './storage/api';
export type { StoreApi } from './store/api';
export type * from './store/types';
export type { SalesApi } from './sales/api';
