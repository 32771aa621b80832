// Why: every contract schema the worker parses an answer with, in one module that the worker imports on first need
// (`wire.ts`): zod and the contract's schemas (~20 KB gzip) stay out of the worker's start, in a chunk of their own.
export {
	AlreadyResolvedBody,
	BatchResponse,
	CloudEvent,
	DailySummaryPushResponse,
	ReconciliationOutcomeResponse,
	ReconciliationResponse,
	ResolveResponse,
	SharedOrdersResponse,
	ShiftsPushResponse,
	SignedEventData,
	SyncStatusResponse,
	UpdatesResponse
} from '../../src/lib/contract/cloud';
export {
	BrandsPage,
	CategoriesPage,
	CompaniesPage,
	MessageResponse,
	ModifiersPage,
	PhotoListResponse,
	ProductsPage,
	RefreshResponse,
	StoresPage,
	TokenPair
} from '../../src/lib/contract/ho';
