/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Wildix Trigger, end to end: the packed package in a real n8n (the pinned 2.41.1), the example workflow imported and
 * activated through n8n's API, and events POSTed and signed the way Wildix sends them.
 */
import { N8nApi, nodeOutput, type Execution, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { readE2eState } from '../harness/state';
import { startStandInCrm } from '../../examples/standInCrm';
import { executionWith as sharedExecutionWith, expectNoExecutionWith as sharedExpectNoExecution } from '../support/executions';
import {
	DOC_CALL_END,
	DOC_CALL_START,
	callCompletedInbound,
	freshEvent,
	inboundCallEnd,
	presenceTelephony,
	sendWildixEvent,
	smsStatus,
	wildixSignature,
} from '../support/wildix';
import { BODY_TRIGGER_VERSION } from '../../lib/n8nWebhookSeam';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;
const PKG = 'n8n-nodes-telephony-webhooks';
const SECRET = 'e2e-wildix-secret-5b1e0d';
const INTEGRATION_ID = '8qkmnq';
/** Wildix waits 5 seconds for a 2xx, then retries. */
const WILDIX_TIMEOUT_MS = 5000;

let crm: Awaited<ReturnType<typeof startStandInCrm>>;
let credential: { id: string; name: string };
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};

let counter = 0;
/** A copy of the event with a unique id (the marker of one request) and a fresh time. */
function unique<T extends Record<string, unknown>>(event: T, time = Date.now()): T & { id: string; time: number } {
	counter += 1;
	return { ...freshEvent(event), id: `it_e2e_${Date.now()}_${counter}`, time };
}

const send = (path: string, event: unknown, options: Partial<Parameters<typeof sendWildixEvent>[2]> = {}) =>
	sendWildixEvent(hook(path), event, { secret: SECRET, ...options });

function triggerNode(path: string, events: string[], extra: Record<string, unknown> = {}) {
	return {
		name: 'Wildix Trigger',
		type: `${PKG}.wildixTrigger`,
		typeVersion: BODY_TRIGGER_VERSION,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { path, events, defaultCountry: 'SE', settings: {}, ...extra },
		credentials: { wildixWebhookApi: credential },
	};
}

/** Wildix Trigger → (optional Wait) → No Operation. */
function noOpWorkflow(name: string, trigger: ReturnType<typeof triggerNode>, waitSeconds = 0): WorkflowJson {
	const nodes: Array<Record<string, unknown>> = [trigger];
	const connections: Record<string, unknown> = {};
	let previous = trigger.name;
	if (waitSeconds > 0) {
		nodes.push({ name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [220, 0], webhookId: crypto.randomUUID(), parameters: { resume: 'timeInterval', amount: waitSeconds, unit: 'seconds' } });
		connections[previous] = { main: [[{ node: 'Wait', type: 'main', index: 0 }]] };
		previous = 'Wait';
	}
	nodes.push({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} });
	connections[previous] = { main: [[{ node: 'Done', type: 'main', index: 0 }]] };
	return { name, nodes, connections, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' } };
}

beforeAll(async () => {
	crm = await startStandInCrm();
	credential = await api.createCredential('Wildix Webhook (e2e)', 'wildixWebhookApi', { secret: SECRET, integrationId: INTEGRATION_ID });
	workflows.example = await api.createActiveWorkflow(
		loadExample('wildix-call-end-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { wildixWebhookApi: credential } }),
	);
	paths.example = await api.triggerPath(workflows.example);
	workflows.items = await api.createActiveWorkflow(
		noOpWorkflow('wildix items', triggerNode('e2e/wildix/items', ['call:completed', 'presence:telephony', 'other'], { otherEventTypes: 'sms:*' })),
	);
	workflows.slow = await api.createActiveWorkflow(noOpWorkflow('wildix slow', triggerNode('e2e/wildix/slow', ['*']), 8));
});

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

const finished = (e: Execution) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting';
const executionWith = (workflowId: string, marker: string, timeoutMs?: number) => sharedExecutionWith(api, workflowId, marker, timeoutMs);
const expectNoExecutionWith = (workflowId: string, marker: string) => sharedExpectNoExecution(api, workflowId, marker);

const activitiesFor = (callId: string) =>
	crm.posted.filter((p) => p.collection === 'activities' && (p.body as { callId?: string }).callId === callId);

describe('Wildix Trigger in a real n8n: the example workflow (call end → CRM call activity)', () => {
	test('a correctly signed call:end starts an execution with the envelope plus normalized, and the CRM gets the activity', async () => {
		const event = unique(inboundCallEnd());
		const res = await send(paths.example, event);
		expect(res.status).toBe(200);
		expect(JSON.parse(res.body)).toEqual({ message: 'Workflow was started' });
		expect(res.elapsedMs).toBeLessThan(WILDIX_TIMEOUT_MS);

		const execution = await executionWith(workflows.example, event.id);
		expect(execution.status).toBe('success');
		const item = nodeOutput(execution, 'Wildix Trigger') ?? {};
		const { normalized, wildixCall, ...envelope } = item;
		expect(envelope).toEqual(event);
		expect(normalized).toMatchObject({
			vendor: 'wildix',
			event: 'call:end',
			callId: event.id,
			direction: 'inbound',
			from: { number: '0701234567', e164: '+46701234567', name: 'Maria Andersson' },
			to: { number: '231', e164: null, name: 'Anna Berg', email: 'anna.berg@acme.example', userId: '4412087' },
			agent: { name: 'Anna Berg' },
			answerGroup: { name: 'Support queue' },
			endedAt: new Date(event.time).toISOString(),
		});
		// What only Wildix has sits beside normalized (README: vendor extras).
		expect(wildixCall).toMatchObject({
			endCause: '16',
			endCauseText: 'Normal Clearing',
			endedBy: 'callee',
			localUsers: [expect.objectContaining({ extension: '231', local: true })],
			externalParties: [expect.objectContaining({ e164: '+46701234567', local: false })],
		});
		expect(JSON.stringify(execution.data)).not.toContain(SECRET);
		expect(JSON.stringify(execution.data)).not.toContain('x-signature');

		expect(activitiesFor(event.id)).toEqual([
			{
				customerId: 'acme',
				query: {},
				collection: 'activities',
				contentType: expect.stringContaining('application/json'),
				body: {
					type: 'call',
					source: 'wildix',
					callId: event.id,
					direction: 'inbound',
					customerNumber: '+46701234567',
					customerName: 'Maria Andersson',
					agentName: 'Anna Berg',
					agentEmail: 'anna.berg@acme.example',
					agentExtension: '231',
					startedAt: null,
					endedAt: new Date(event.time).toISOString(),
					durationMs: null,
					answered: null,
					endCause: 'Normal Clearing',
					endedBy: 'callee',
					wildixEvent: `call:end:${event.id}:${event.time}`,
				},
			},
		]);
	});

	test('Wildix retrying the same delivery logs the call once (Remove Duplicates on type + id + time)', async () => {
		const event = unique(inboundCallEnd());
		const first = await send(paths.example, event);
		expect(first.status).toBe(200);
		await executionWith(workflows.example, event.id);
		const retry = await send(paths.example, event);
		expect(retry.status).toBe(200);
		const started = Date.now();
		let runs: Execution[] = [];
		while (runs.length < 2 && Date.now() - started < 30_000) {
			runs = (await api.executions(workflows.example, true)).filter((e) => finished(e) && JSON.stringify(e.data ?? {}).includes(event.id));
			await new Promise((r) => setTimeout(r, 300));
		}
		expect(runs).toHaveLength(2);
		expect(activitiesFor(event.id)).toHaveLength(1);
	});

	test('the vendor doc\'s internal call:end runs, and the filter keeps it out of the CRM', async () => {
		const event = unique(DOC_CALL_END);
		const res = await send(paths.example, event);
		expect(res.status).toBe(200);
		const execution = await executionWith(workflows.example, event.id);
		const item = nodeOutput(execution, 'Wildix Trigger');
		expect(item?.normalized).toMatchObject({ direction: 'internal', answered: false });
		expect(item?.wildixCall).toMatchObject({ endCause: '21', endCauseText: 'Call Rejected', endedBy: 'caller' });
		expect(activitiesFor(event.id)).toEqual([]);
	});

	test('a pretty-printed body signed over its compact JSON (as Wildix\'s example signs) is accepted', async () => {
		const event = unique(inboundCallEnd());
		const res = await send(paths.example, event, {
			text: JSON.stringify(event, null, 2),
			signature: wildixSignature(JSON.stringify(event), SECRET),
		});
		expect(res.status).toBe(200);
		await executionWith(workflows.example, event.id);
	});

	test('a body altered after signing gets 401 and starts no execution', async () => {
		const event = unique(inboundCallEnd());
		const signed = JSON.stringify(event);
		const res = await send(paths.example, event, {
			text: signed.replace('"endBy":"CALLEE"', '"endBy":"CALLER"'),
			signature: wildixSignature(signed, SECRET),
		});
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ message: 'Authentication failed' });
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('a signature made with another secret gets 401 and starts no execution', async () => {
		const event = unique(inboundCallEnd());
		const wrong = wildixSignature(JSON.stringify(event), 'not-the-secret');
		const res = await send(paths.example, event, { signature: wrong });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ message: 'Authentication failed' });
		expect(res.body).not.toContain(wrong);
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('a missing x-signature header gets 401 and starts no execution', async () => {
		const event = unique(inboundCallEnd());
		const res = await send(paths.example, event, { signature: null });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ message: 'Authentication required' });
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('a correctly signed event of another integration gets 403 and starts no execution', async () => {
		const event = { ...unique(inboundCallEnd()), integrationId: 'zz9xyz' };
		const res = await send(paths.example, event);
		expect(res.status).toBe(403);
		expect(res.json).toEqual({ message: 'Integration ID not accepted' });
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('an event type that is not selected (call:start) is acknowledged with 200 and starts no execution', async () => {
		const event = unique(DOC_CALL_START);
		const res = await send(paths.example, event);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message: 'Ignored: event type not selected' });
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('an event older than the configured 60 minutes (a replay) is acknowledged and starts no execution', async () => {
		const event = unique(inboundCallEnd(), Date.now() - 2 * 60 * 60_000);
		const res = await send(paths.example, event);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message: 'Ignored: event older than 60 minutes' });
		await expectNoExecutionWith(workflows.example, event.id);
	});

	test('a signed JSON body that is not a Wildix envelope gets 400 and starts no execution', async () => {
		const marker = `not-an-envelope-${Date.now()}`;
		const res = await send(paths.example, { event: 'call', caller: marker });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The body is not a Wildix event envelope (check id, type, time, data)' });
		await expectNoExecutionWith(workflows.example, marker);
	});

	test('malformed JSON, correctly signed, is the trigger\'s 400 (it reads the body itself) and starts no execution', async () => {
		const marker = `malformed-${Date.now()}`;
		const res = await send(paths.example, null, { text: `{"id":"${marker}",` });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The body is not valid JSON' });
		const unsigned = await send(paths.example, null, { text: `{"id":"${marker}",`, signature: null });
		expect(unsigned.status).toBe(401);
		await expectNoExecutionWith(workflows.example, marker);
	});

	test('the same malformed body without a JSON content type reaches the trigger: 401 unsigned, 415 signed', async () => {
		const marker = `malformed-text-${Date.now()}`;
		const text = `{"id":"${marker}",`;
		const unsigned = await send(paths.example, null, { text, signature: null, contentType: 'application/octet-stream' });
		expect(unsigned.status).toBe(401);
		const signed = await send(paths.example, null, { text, contentType: 'application/octet-stream' });
		expect(signed.status).toBe(415);
		expect(signed.json).toEqual({ message: 'Content-Type must be application/json' });
		await expectNoExecutionWith(workflows.example, marker);
	});
});

describe('Wildix Trigger in a real n8n: other event types', () => {
	test('call:completed (analytics) carries durations, talk time and the agent in normalized', async () => {
		const event = unique(callCompletedInbound());
		expect((await send('e2e/wildix/items', event)).status).toBe(200);
		const item = nodeOutput(await executionWith(workflows.items, event.id), 'Wildix Trigger') ?? {};
		expect(item.data).toEqual(event.data);
		expect(item.normalized).toMatchObject({
			event: 'call:completed',
			callId: 'it_w000001_1721836405.201',
			direction: 'inbound',
			durationMs: 22000,
			talkTimeMs: 15000,
			waitTimeMs: 7000,
			answered: true,
			agent: { name: 'Anna Berg' },
		});
		expect(item.presence).toBeUndefined();
	});

	test('presence:telephony gets the compact presence object and normalized null; rt (talking and ringing) sets onCall and ringing', async () => {
		const event = unique(presenceTelephony('rt'));
		expect((await send('e2e/wildix/items', event)).status).toBe(200);
		const item = nodeOutput(await executionWith(workflows.items, event.id), 'Wildix Trigger') ?? {};
		expect(item.normalized).toBeNull();
		expect(item.presence).toEqual({
			kind: 'telephony',
			extension: '231',
			email: 'anna.berg@acme.example',
			name: null,
			status: 'rt',
			message: null,
			until: null,
			location: null,
			onCall: true,
			ringing: true,
			inConference: null,
			at: new Date(event.time).toISOString(),
		});
	});

	test('a type chosen by name (sms:* under Other Event Types) runs; an unchosen one (call:end) is only acknowledged', async () => {
		const sms = unique(smsStatus());
		expect((await send('e2e/wildix/items', sms)).status).toBe(200);
		expect(nodeOutput(await executionWith(workflows.items, sms.id), 'Wildix Trigger')?.type).toBe('sms:status');
		const callEnd = unique(inboundCallEnd());
		const ignored = await send('e2e/wildix/items', callEnd);
		expect(ignored.json).toEqual({ message: 'Ignored: event type not selected' });
		await expectNoExecutionWith(workflows.items, callEnd.id);
	});

	test('the acknowledgement does not wait for the workflow: 2xx within Wildix\'s 5 s while an 8 s step still runs', async () => {
		const event = unique(inboundCallEnd());
		const res = await send('e2e/wildix/slow', event);
		expect(res.status).toBe(200);
		expect(res.elapsedMs).toBeLessThan(WILDIX_TIMEOUT_MS);
		// When the answer arrived, the execution had not finished: it finishes after its Wait step.
		const finishedEarly = (await api.executions(workflows.slow, true)).filter((e) => finished(e) && JSON.stringify(e.data ?? {}).includes(event.id));
		expect(finishedEarly).toEqual([]);
		const execution = await executionWith(workflows.slow, event.id, 60_000);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Done')?.id).toBe(event.id);
	});
});
