// Why: the types of the cloud answers the worker reads, from the shared contract (src/lib/contract/cloud.ts); the answers
// themselves are validated by name (worker/net/wire.ts), so no schema is imported at the worker's start.
export type { BatchItemResult, UpdatedProduct } from '../../src/lib/contract/cloud';
