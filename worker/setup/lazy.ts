// Why: the setup wizard's handlers (HO login, the company/brand/store lists, device registration) load on first call: a
// till that is set up starts without them. comlink needs every handler's name when the worker exposes its api, not its code.
import type { Ctx } from '../context';
import type { SetupApi } from './api';

export function lazySetupHandlers(ctx: Ctx, onSettingsChanged: () => void): SetupApi {
	let loaded: Promise<SetupApi> | undefined;
	const impl = () => (loaded ??= import('./api').then((m) => m.setupHandlers(ctx, onSettingsChanged)));
	return {
		login: async (...a) => (await impl()).login(...a),
		logout: async () => (await impl()).logout(),
		listCompanies: async () => (await impl()).listCompanies(),
		listBrands: async (...a) => (await impl()).listBrands(...a),
		listStores: async (...a) => (await impl()).listStores(...a),
		saveSettings: async (...a) => (await impl()).saveSettings(...a),
		getSettings: async () => (await impl()).getSettings(),
		testCloud: async (...a) => (await impl()).testCloud(...a),
		registerDevice: async (...a) => (await impl()).registerDevice(...a)
	};
}
