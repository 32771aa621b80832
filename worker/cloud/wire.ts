// Why: the cloud responses the worker reads come from the shared contract (src/lib/contract/cloud.ts), validated before they touch the local DB.
export {
	BatchItemResult,
	BatchResponse,
	CloudEvent,
	ConflictInfo,
	DailySummaryPushResponse,
	ResolveResponse,
	AlreadyResolvedBody,
	SignedEventData,
	UpdatesResponse,
	type UpdatedProduct
} from '../../src/lib/contract/cloud';
