// The connection doctor on the command line: npm run doctor -- --ho URL --user U --password P [--cloud URL --key K --outlet CODE] [--write] [--json]
import { parseArgs } from 'node:util';
import { runDoctor } from '../worker/doctor/checks';
import { nodeEdges } from '../worker/doctor/node-edges';
import { reportText } from '../src/lib/components/doctor/report';
import { loadLanguage } from '../src/lib/i18n/dictionary';

const usage = `Usage: npm run doctor -- --ho URL --user U --password P [--cloud URL --key K --outlet CODE|ID]
                      [--company ID] [--origin APP_ORIGIN] [--write] [--json] [--lang en|id] [--stream-timeout MS]
  --write    also push and batch a clearly marked test order to the cloud (stores data)
  --json     print the report as JSON (for monitoring)
  Exits 1 when a required check fails, 2 on bad arguments.`;

const { values } = parseArgs({
	options: {
		ho: { type: 'string' },
		user: { type: 'string' },
		password: { type: 'string' },
		company: { type: 'string' },
		cloud: { type: 'string' },
		key: { type: 'string' },
		outlet: { type: 'string' },
		origin: { type: 'string' },
		write: { type: 'boolean', default: false },
		json: { type: 'boolean', default: false },
		lang: { type: 'string', default: 'en' },
		'stream-timeout': { type: 'string' },
		help: { type: 'boolean', default: false }
	}
});

if (values.help || !values.ho || !values.user || values.password === undefined) {
	console.error(usage);
	process.exit(values.help ? 0 : 2);
}
for (const [name, url] of [
	['--ho', values.ho],
	['--cloud', values.cloud]
] as const) {
	if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) {
		console.error(`${name} must be an http:// or https:// address, got ${url}\n\n${usage}`);
		process.exit(2);
	}
}
if (values.cloud && (!values.key || !values.outlet)) {
	console.error('--cloud needs --key and --outlet\n\n' + usage);
	process.exit(2);
}

const report = await runDoctor(
	{
		hoUrl: values.ho,
		auth: { username: values.user, password: values.password },
		companyId: values.company,
		store: values.outlet,
		cloud: values.cloud && values.key ? { url: values.cloud, key: values.key } : undefined,
		appOrigin: values.origin,
		write: values.write,
		streamTimeoutMs: values['stream-timeout'] ? Number(values['stream-timeout']) : undefined
	},
	nodeEdges()
);

if (values.json) console.log(JSON.stringify(report, null, 2));
else {
	const lang = values.lang === 'id' ? 'id' : 'en';
	await loadLanguage(lang); // English is a chunk of its own (the PWA loads it on demand)
	console.log(reportText(lang, report));
}
process.exit(report.ok ? 0 : 1);
