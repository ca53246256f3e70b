/**
 * Load in regular mode (SQLite): 1,000 M8Com call logs at concurrency 20 to the example call-log workflow,
 * with lookups running alongside. Every 2xx must end in a finished execution that wrote its CRM activity
 * (nothing lost) and executions must equal 2xx answers. Lookups: every one is answered; with the answer cache
 * on, every one before M8Com's 3 s. Uncached lookups are measured too: under this saturation n8n itself can
 * take longer than M8Com's budget before the trigger runs (see the README's Reliability section).
 */
import { N8nApi } from '../harness/api';
import { loadExample } from '../harness/examples';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { lookupFigures, lookupsUntil, runCallLogLoad } from '../support/callLogLoad';
import { recordFigures } from '../support/report';

const state = readE2eState();
const api = new N8nApi(state);
const M8COM_TIMEOUT_MS = 3000;
let crm: StandInCrm;
let callLogId: string;

beforeAll(async () => {
	crm = await startStandInCrm();
	const credentials = { m8ComWebhookApi: state.credentials.m8ComWebhookApi };
	const callLog = loadExample('m8com-call-log-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials });
	(callLog.nodes[0].parameters as Record<string, unknown>).path = 'load/call-log';
	callLog.nodes[0].webhookId = 'b1000000-0000-4000-8000-00000000load';
	callLogId = await api.createActiveWorkflow(callLog);
	const lookup = loadExample('m8com-lookup-http-crm.json', { crmBaseUrl: crm.baseUrl, credentials });
	(lookup.nodes[0].parameters as Record<string, unknown>).path = 'load/lookup';
	lookup.nodes[0].webhookId = 'a1000000-0000-4000-8000-00000000load';
	await api.createActiveWorkflow(lookup);
	const cached = JSON.parse(JSON.stringify(lookup)) as typeof lookup;
	cached.name = `${lookup.name} (cached)`;
	(cached.nodes[0].parameters as Record<string, unknown>).path = 'load/lookup-cached';
	(cached.nodes[0].parameters as Record<string, unknown>).options = { cacheSeconds: 3600 };
	cached.nodes[0].webhookId = 'a1000000-0000-4000-8000-0000000cache';
	await api.createActiveWorkflow(cached);
	// The first lookup runs the workflow and fills the cache; the bursts that follow are answered from it.
	await fetch(`${state.webhookUrl}/webhook/load/lookup-cached?fromNumber=%2B46701234567`, { headers: { authorization: `Bearer ${M8COM_SECRET}` } });
});

afterAll(() => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

test('1,000 call logs at concurrency 20: every 2xx is a finished execution, nothing lost; every lookup answered, cached ones within 3 s', async () => {
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
	expect(lookups.cached.filter((l) => l.ms >= M8COM_TIMEOUT_MS).map((l) => Math.round(l.ms))).toEqual([]);
}, 900_000);
