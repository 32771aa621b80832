// Why: settings and secrets round-trip through idb-keyval, and the public view never carries a secret.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clearSetting, getSetting, loadPublicSettings, loadSettings, saveSettings } from './store';

describe('settings store', () => {
	it('saves, loads, deletes undefined keys, and hides secrets from the public view', async () => {
		expect((await loadSettings()).ho_url).toBe('');
		expect((await loadSettings()).language).toBe('id');
		await saveSettings({
			ho_url: 'http://ho',
			outlet_code: 'JKT-001',
			cloud_api_key: 'secret-key',
			ho_access: 'tok',
			language: 'en'
		});
		expect(await getSetting('outlet_code')).toBe('JKT-001');
		const pub = await loadPublicSettings();
		expect(pub).toMatchObject({
			ho_url: 'http://ho',
			outlet_code: 'JKT-001',
			has_cloud_key: true,
			has_ho_login: true,
			language: 'en'
		});
		expect(JSON.stringify(pub)).not.toContain('secret-key');
		expect(JSON.stringify(pub)).not.toContain('tok');
		await saveSettings({ ho_access: undefined });
		await clearSetting('cloud_api_key');
		expect(await loadPublicSettings()).toMatchObject({ has_cloud_key: false, has_ho_login: false });
	});
});
