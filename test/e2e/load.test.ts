/**
 * Load in regular mode (SQLite): 1,000 M8Com call logs at concurrency 20 to the example call-log workflow,
 * with lookups running alongside. Every 2xx must end in a finished execution that wrote its CRM activity
 * (nothing lost) and executions must equal 2xx answers. Lookups, cached and uncached, all answered before
 * M8Com's 3 s (with the expression-engine setting below; see the README's Reliability section).
 */
import { N8nApi } from '../harness/api';
import { loadExample, withExactPath } from '../harness/examples';
import { ensureRuntime, packPackage, startN8n, stopN8n, type N8nInstance } from '../harness/n8n';
import { M8COM_SECRET } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { BUSY_LOOKUP_SETTINGS, lookupFigures, lookupsUntil, runCallLogLoad } from '../support/callLogLoad';
import { recordFigures } from '../support/report';

// Its own regular-mode n8n, with the settings the README recommends for busy lookups (BUSY_LOOKUP_SETTINGS).
let state: N8nInstance;
let api: N8nApi;
const M8COM_TIMEOUT_MS = 3000;
let crm: StandInCrm;
let callLogId: string;

beforeAll(async () => {
	state = await startN8n({ runtime: ensureRuntime(), tarball: packPackage(), env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', ...BUSY_LOOKUP_SETTINGS } });
	api = new N8nApi(state);
	crm = await startStandInCrm();
	const credentials = { m8ComWebhookApi: await api.createCredential('M8Com (load)', 'm8ComWebhookApi', { secret: M8COM_SECRET }) };
	const callLog = withExactPath(loadExample('m8com-call-log-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials }), 'load/call-log');
	callLogId = await api.createActiveWorkflow(callLog);
	const lookup = withExactPath(loadExample('m8com-lookup-http-crm.json', { crmBaseUrl: crm.baseUrl, credentials }), 'load/lookup');
	await api.createActiveWorkflow(lookup);
	const cached = JSON.parse(JSON.stringify(lookup)) as typeof lookup;
	cached.name = `${lookup.name} (cached)`;
	(cached.nodes[0].parameters as Record<string, unknown>).path = 'load/lookup-cached';
	(cached.nodes[0].parameters as Record<string, unknown>).options = { cacheSeconds: 3600 };
	await api.createActiveWorkflow(cached);
	// The first lookup runs the workflow and fills the cache; the bursts that follow are answered from it.
	await fetch(`${state.webhookUrl}/webhook/load/lookup-cached?fromNumber=%2B46701234567`, { headers: { authorization: `Bearer ${M8COM_SECRET}` } });
}, 300_000);

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
	if (state) await stopN8n(state);
});

test('1,000 call logs at concurrency 20: every 2xx is a finished execution, nothing lost; every lookup answered within 3 s, cached or not', async () => {
	const lookups: Record<'cached' | 'uncached', Awaited<ReturnType<typeof lookupsUntil>>> = { cached: [], uncached: [] };
	const { results, ...report } = await runCallLogLoad({
		api,
		webhookUrl: state.webhookUrl,
		secret: M8COM_SECRET,
		path: 'load/call-log',
		workflowId: callLogId,
		crm,
		count: 1000,
		concurrency: 20,
		markerPrefix: '1',
		// Lookups run until the last call log has been answered.
		during: async (progress) => {
			const done = () => progress() >= 1000;
			[lookups.cached, lookups.uncached] = await Promise.all([
				lookupsUntil(`${state.webhookUrl}/webhook/load/lookup-cached`, M8COM_SECRET, done, 1),
				lookupsUntil(`${state.webhookUrl}/webhook/load/lookup`, M8COM_SECRET, done, 1),
			]);
		},
	});
	void results;
	recordFigures('load', 'regular', { ...report, cachedLookups: lookupFigures(lookups.cached), uncachedLookups: lookupFigures(lookups.uncached) });

	expect(report.accepted).toBe(1000);
	expect(report.executions).toBe(report.accepted);
	expect(report.executionsFinished).toBe(report.accepted);
	expect(report.acceptedNotLogged).toEqual([]);
	expect(report.duplicates).toBe(0);
	for (const stream of [lookups.cached, lookups.uncached]) {
		expect(stream.length).toBeGreaterThan(0);
		expect(stream.filter((l) => l.status !== 200 && l.status !== 404)).toEqual([]);
	}
	expect(lookups.cached.filter((l) => l.status !== 200)).toEqual([]);
	for (const stream of [lookups.cached, lookups.uncached]) {
		expect(stream.filter((l) => l.ms >= M8COM_TIMEOUT_MS).map((l) => Math.round(l.ms))).toEqual([]);
	}
}, 900_000);
