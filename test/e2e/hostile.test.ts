/**
 * Hostile input, per trigger, against the real n8n: at least 500 generated bad requests each (wrong methods,
 * missing and wrong credentials, wrong content types, truncated and malformed JSON, invalid documents, deep
 * nesting, oversized bodies, odd Unicode, header injection). Every one must get a 4xx, start no execution and
 * echo no secret; n8n must be healthy afterwards and still accept a valid request.
 */
import { N8nApi } from '../harness/api';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { bearerDefects, generateHostileCases, sendHostile, type HostileCase, type TriggerProfile } from '../support/hostile';
import { runPool } from '../support/load';
import { recordFigures } from '../support/report';
import { triggerWorkflow } from '../support/workflows';

const state = readE2eState();
const api = new N8nApi(state);
const RECORDING_SECRET = 'e2e-hostile-recording-secret-93c1';
const MIN_CASES = 500;

interface Target {
	profile: TriggerProfile;
	workflowId: string;
	/** A valid request, sent afterwards: n8n must still accept it. */
	valid(): Promise<number>;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const targets: Target[] = [];

beforeAll(async () => {
	const m8com = state.credentials.m8ComWebhookApi;
	const recording = await api.createCredential('M8Com Recording (hostile)', 'm8ComWebhookApi', { secret: RECORDING_SECRET });

	const lookup: TriggerProfile = {
		name: 'M8Com Lookup Trigger',
		path: 'hostile/m8com/lookup',
		methods: ['GET'],
		validQuery: { fromNumber: '+46701234567', toNumber: '+46812345678' },
		requiredFields: ['fromNumber'],
		authHeaders: () => bearer(M8COM_SECRET),
		authDefects: () => bearerDefects(M8COM_SECRET),
		contentTypes: ['application/json'],
		secrets: [M8COM_SECRET],
	};
	const callLog: TriggerProfile = {
		name: 'M8Com Call Log Trigger',
		path: 'hostile/m8com/call-log',
		methods: ['POST'],
		validBody: CONTACT_CALLED_SUPPORT,
		requiredFields: ['fromNumber', 'toNumber', 'duration', 'startTime', 'callType', 'body'],
		authHeaders: () => bearer(M8COM_SECRET),
		authDefects: () => bearerDefects(M8COM_SECRET),
		contentTypes: ['application/json'],
		secrets: [M8COM_SECRET],
	};
	const recordings: TriggerProfile = {
		name: 'M8Com Recording Trigger',
		path: 'hostile/m8com/recordings',
		methods: ['POST'],
		validBody: { ...SUPPORT_RECORDING, fileUrls: [] },
		requiredFields: ['id', 'fileUrls', 'callerNumber', 'calleeNumber', 'startTime', 'endTime', 'direction'],
		authHeaders: () => bearer(RECORDING_SECRET),
		authDefects: () => [...bearerDefects(RECORDING_SECRET), { name: 'the Insights secret', headers: bearer(M8COM_SECRET) }],
		contentTypes: ['application/json'],
		secrets: [RECORDING_SECRET, M8COM_SECRET],
	};

	const postJson = (profile: TriggerProfile, headers: Record<string, string>) => async () =>
		(await fetch(`${state.webhookUrl}/webhook/${profile.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(profile.validBody) })).status;

	targets.push({
		profile: lookup,
		workflowId: await api.createActiveWorkflow(
			triggerWorkflow({
				name: 'hostile lookup',
				nodeType: 'm8ComLookupTrigger',
				parameters: { path: lookup.path, defaultCountry: 'SE', options: {} },
				credentials: { m8ComWebhookApi: m8com },
				next: { type: 'n8n-nodes-telephony-webhooks.respondToM8ComLookup', parameters: { respondWith: 'noMatch', noMatchStatus: '404' } },
			}),
		),
		valid: async () => (await fetch(`${state.webhookUrl}/webhook/${lookup.path}?fromNumber=%2B46701234567`, { headers: bearer(M8COM_SECRET) })).status,
	});
	targets.push({
		profile: callLog,
		workflowId: await api.createActiveWorkflow(
			triggerWorkflow({ name: 'hostile call log', nodeType: 'm8ComCallLogTrigger', parameters: { path: callLog.path, defaultCountry: 'SE', options: {} }, credentials: { m8ComWebhookApi: m8com } }),
		),
		valid: postJson(callLog, bearer(M8COM_SECRET)),
	});
	targets.push({
		profile: recordings,
		workflowId: await api.createActiveWorkflow(
			triggerWorkflow({ name: 'hostile recordings', nodeType: 'm8ComRecordingTrigger', parameters: { path: recordings.path, defaultCountry: 'SE' }, credentials: { m8ComWebhookApi: recording } }),
		),
		valid: postJson(recordings, bearer(RECORDING_SECRET)),
	});
}, 120_000);

function describeCase(c: HostileCase) {
	return `${c.category}: ${c.name}`;
}

describe('hostile input against every trigger, in a real n8n', () => {
	test.each(['M8Com Lookup Trigger', 'M8Com Call Log Trigger', 'M8Com Recording Trigger'])(
		'%s: every bad request is a 4xx, starts nothing and echoes no secret',
		async (name) => {
			const target = targets.find((t) => t.profile.name === name) as Target;
			const cases = generateHostileCases(target.profile);
			expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);
			const before = (await api.executions(target.workflowId)).length;

			const results = await runPool(cases.length, 4, async (i) => {
				const { status, text } = await sendHostile(state.webhookUrl, cases[i]);
				return { status, body: text };
			});

			const not4xx = results.filter((r) => r.status < 400 || r.status >= 500).map((r) => `${describeCase(cases[r.index])} → ${r.status}${r.error ? ` (${r.error})` : ''}`);
			expect(not4xx).toEqual([]);
			const leaks = results.filter((r) => target.profile.secrets.some((secret) => r.body.includes(secret))).map((r) => describeCase(cases[r.index]));
			expect(leaks).toEqual([]);

			// n8n is healthy and the trigger still accepts a valid request, which is the only execution.
			expect((await fetch(`${state.baseUrl}/healthz`)).status).toBe(200);
			expect(await target.valid()).toBeLessThan(300);
			const executions = await api.waitForExecutions(target.workflowId, before + 1);
			expect(executions.length).toBe(before + 1);
			for (const secret of target.profile.secrets) expect(JSON.stringify(await api.executions(target.workflowId, true))).not.toContain(secret);

			const byCategory: Record<string, number> = {};
			for (const c of cases) byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
			const statuses: Record<string, number> = {};
			for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
			recordFigures('hostile', name, { requests: cases.length, answered4xx: results.length - not4xx.length, executionsStarted: executions.length - before - 1, byCategory, statuses });
		},
		600_000,
	);
});
