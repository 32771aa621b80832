// Why: the first-run wizard's answers and step, kept while the cashier moves back and forth.
import type { Brand, Company, Store } from '$lib/contract/ho';

export type SetupStep = 'ho' | 'store' | 'cloud' | 'pin' | 'sync';
export const SETUP_STEPS: SetupStep[] = ['ho', 'store', 'cloud', 'pin', 'sync'];

class SetupManager {
	step = $state<SetupStep>('ho');
	busy = $state(false);
	error = $state('');
	hoUrl = $state('');
	username = $state('');
	password = $state('');
	companies = $state.raw<Company[]>([]);
	brands = $state.raw<Brand[]>([]);
	stores = $state.raw<Store[]>([]);
	companyId = $state('');
	brandId = $state('');
	storeId = $state('');
	cloudUrl = $state('');
	apiKey = $state('');
	/** This till's code in the outlet (empty: the cloud assigns the first free one); the registered code after the cloud step. */
	deviceCode = $state('');
	pin = $state('');
	pin2 = $state('');
	syncId = $state<string | null>(null);

	storesOfBrand = $derived(this.stores.filter((s) => !this.brandId || s.brand_id === this.brandId));
	store = $derived(this.stores.find((s) => s.id === this.storeId) ?? null);
}

export const setup = new SetupManager();
