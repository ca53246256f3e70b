/**
 * Load in regular mode (SQLite): 1,000 M8Com call logs at concurrency 20 to the example call-log workflow,
 * with lookups running alongside. Every 2xx must end in a finished execution that wrote its CRM activity
 * (nothing lost), executions must equal 2xx answers, and every lookup must be answered before M8Com's 3 s.
 */
import { N8nApi } from '../harness/api';
import { loadExample } from '../harness/examples';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { lookupsUntil, runCallLogLoad } from '../support/callLogLoad';
import { percentile } from '../support/load';
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
});

afterAll(() => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

test('1,000 call logs at concurrency 20: every 2xx is a finished execution, nothing lost; lookups answered within 3 s', async () => {
	const lookups: { all: Awaited<ReturnType<typeof lookupsUntil>> } = { all: [] };
	const figures = await runCallLogLoad({
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
			lookups.all = await lookupsUntil(`${state.webhookUrl}/webhook/load/lookup`, M8COM_SECRET, () => progress() >= 1000);
		},
	});
	const { results, ...report } = figures;
	void results;
	const lookupMs = lookups.all.map((l) => l.ms);
	recordFigures('load', 'regular', {
		...report,
		lookups: lookups.all.length,
		lookupStatuses: lookups.all.reduce<Record<string, number>>((all, l) => ({ ...all, [l.status]: (all[l.status] ?? 0) + 1 }), {}),
		lookupP50Ms: Math.round(percentile(lookupMs, 50)),
		lookupMaxMs: Math.round(Math.max(...lookupMs)),
	});

	expect(report.accepted).toBe(1000);
	expect(report.executions).toBe(report.accepted);
	expect(report.executionsFinished).toBe(report.accepted);
	expect(report.acceptedNotLogged).toEqual([]);
	expect(report.duplicates).toBe(0);
	expect(lookups.all.length).toBeGreaterThan(0);
	expect(lookups.all.filter((l) => l.status !== 200 && l.status !== 404)).toEqual([]);
	expect(lookups.all.filter((l) => l.ms >= M8COM_TIMEOUT_MS).map((l) => Math.round(l.ms))).toEqual([]);
}, 900_000);
