/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * CallTrackingMetrics Trigger, end to end: the packed package in a real n8n (the pinned 2.41.1), the example workflow and
 * test workflows activated through n8n's API, requests sent the way CTM sends them (log data, resource links,
 * pixels; signed, with basic auth or a custom header), a stand-in CTM REST API for the resource-link fetch and
 * the credential test, and the stand-in CRM the example writes to.
 */
import { createHmac, randomUUID } from 'crypto';

import { KEYS_REFUSED_MESSAGE } from '../../credentials/CallTrackingMetricsApi.credentials';
import { N8nApi, nodeOutput, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { differencesFor } from '../harness/n8nVersions';
import { readE2eState } from '../harness/state';
import { startStandInCrm, type StandInCrm } from '../../examples/standInCrm';
import { executionWith as sharedExecutionWith, executionsWith as sharedExecutionsWith, expectNoExecutionWith as sharedExpectNoExecution } from '../support/executions';
import {
	CTM_ACCESS_KEY,
	CTM_ACTIVITY,
	CTM_SECRET_KEY,
	SLOW_ACTIVITY_ID,
	resourceUrl,
	startStandInCtmApi,
	type StandInCtmApi,
} from '../support/standInCtmApi';
import { BODY_TRIGGER_VERSION } from '../../lib/n8nWebhookSeam';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;
const PKG = 'n8n-nodes-telephony-webhooks';
const TRIGGER = 'CallTrackingMetrics Trigger';

const SIGNING_SECRET = 'e2e-ctm-signing-secret-91d2';
const BASIC = { user: 'ctm-webhooks', password: 'e2e-ctm-basic-pass-4e1a' };
const HEADER = { name: 'X-Webhook-Token', value: 'e2e-ctm-header-token-77c0' };
const SECRETS = [CTM_SECRET_KEY, SIGNING_SECRET, BASIC.password, HEADER.value];

let ctmApi: StandInCtmApi;
let crm: StandInCrm;
let credential: { id: string; name: string };
let wrongKeys: { id: string; name: string };
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};

function credentialData(apiBaseUrl: string, secretKey = CTM_SECRET_KEY) {
	return {
		accessKey: CTM_ACCESS_KEY,
		secretKey,
		apiBaseUrl,
		signingSecret: SIGNING_SECRET,
		basicAuthUser: BASIC.user,
		basicAuthPassword: BASIC.password,
		headerName: HEADER.name,
		headerSecret: HEADER.value,
	};
}

/** CallTrackingMetrics Trigger → No Operation. */
function triggerWorkflow(name: string, parameters: Record<string, unknown>, cred = credential): WorkflowJson {
	return {
		name: `CTM e2e ${name}`,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: `${PKG}.callTrackingMetricsTrigger`,
				typeVersion: BODY_TRIGGER_VERSION,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { path: `e2e/ctm/${name}`, defaultCountry: 'US', settings: {}, ...parameters },
				credentials: { callTrackingMetricsApi: cred },
			},
			{ id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	};
}

beforeAll(async () => {
	ctmApi = await startStandInCtmApi();
	crm = await startStandInCrm();
	credential = await api.createCredential('CallTrackingMetrics (e2e)', 'callTrackingMetricsApi', credentialData(ctmApi.baseUrl));
	wrongKeys = await api.createCredential('CallTrackingMetrics wrong keys (e2e)', 'callTrackingMetricsApi', credentialData(ctmApi.baseUrl, 'not-the-secret-key'));

	workflows.example = await api.createActiveWorkflow(
		loadExample('ctm-call-end-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { callTrackingMetricsApi: credential } }),
	);
	paths.example = await api.triggerPath(workflows.example);
	workflows.signed = await api.createActiveWorkflow(triggerWorkflow('signed', { triggerPhases: ['*'], authentication: ['signature'] }));
	workflows.basicHeader = await api.createActiveWorkflow(triggerWorkflow('basic-header', { authentication: ['basicAuth', 'headerAuth'] }));
	workflows.resource = await api.createActiveWorkflow(
		triggerWorkflow('resource', { bodyType: 'resourceLink', settings: { fetchTimeout: 1500 } }),
	);
	workflows.resourceWrongKeys = await api.createActiveWorkflow(
		triggerWorkflow('resource-wrong-keys', { bodyType: 'resourceLink', settings: { fetchTimeout: 1500 } }, wrongKeys),
	);
	workflows.pixel = await api.createActiveWorkflow(triggerWorkflow('pixel', { bodyType: 'pixel' }));
});

afterAll(() => {
	ctmApi?.close();
	crm?.server.closeAllConnections();
	crm?.server.close();
});

interface Sent {
	status: number;
	body: string;
	json: unknown;
	contentType: string | null;
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Sent> {
	const res = await fetch(url, {
		method: init.method ?? 'POST',
		headers: init.headers,
		body: init.body,
	});
	const body = await res.text();
	let json: unknown;
	try {
		json = body ? JSON.parse(body) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, body, json, contentType: res.headers.get('content-type') };
}

/** A log-data POST as CTM sends it: pretty JSON with a trailing newline. */
const logData = (activity: unknown) => `${JSON.stringify(activity, null, 2)}\n`;
const json = { 'content-type': 'application/json' };
const headerAuth = { [HEADER.name]: HEADER.value };
const basicAuth = { authorization: `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`).toString('base64')}` };
/** X-CTM-Signature over X-CTM-Time + the body without its trailing newline, as CTM integrators describe it. */
function signature(body: string, time = String(Math.floor(Date.now() / 1000)), secret = SIGNING_SECRET) {
	const signed = createHmac('sha1', secret).update(time + body.replace(/\n$/, '')).digest('base64');
	return { 'x-ctm-signature': signed, 'x-ctm-time': time };
}

/** A unique activity id per test, so executions can be told apart (and rejected ones proven absent). */
let nextId = 7_100_000;
const activity = (extra: Record<string, unknown> = {}) => ({ ...CTM_ACTIVITY, id: ++nextId, ...extra });

const executionWith = (workflowId: string, marker: string) => sharedExecutionWith(api, workflowId, marker);
const executionsWith = (workflowId: string, marker: string, count: number) => sharedExecutionsWith(api, workflowId, marker, count);
const expectNoExecutionWith = (workflowId: string, marker: string) => sharedExpectNoExecution(api, workflowId, marker);

describe('the example: CTM call ended → CRM activity with source attribution', () => {
	test('a call\'s end posts one CRM activity with the caller, agent, recording and source attribution', async () => {
		const call = activity();
		const res = await send(`${hook(paths.example)}?trigger=end`, { headers: { ...json, ...headerAuth }, body: logData(call) });
		// n8n answers an accepted request itself, once the execution is created (lib/n8nWebhookSeam.ts triggerWebhook).
		expect(res.status).toBe(200);
		expect(JSON.parse(res.body)).toEqual({ message: 'Workflow was started' });

		const execution = await executionWith(workflows.example, String(call.id));
		expect(execution.status).toBe('success');
		const item = nodeOutput(execution, TRIGGER) ?? {};
		const { normalized, attribution, ctmWebhook, ...emitted } = item;
		expect(emitted).toEqual(call);
		expect(normalized).toMatchObject({ vendor: 'ctm', event: 'end', callId: String(call.id), direction: 'inbound' });
		expect(attribution).toMatchObject({ source: 'Google Ads', campaign: 'Emergency Plumbing Seattle' });
		expect(ctmWebhook).toMatchObject({ triggerPhase: 'end', bodyType: 'logData', method: 'POST', query: { trigger: 'end' } });

		const posted = crm.posted.filter((p) => (p.body as { externalId?: string }).externalId === `ctm-${call.id}`);
		expect(posted).toEqual([
			{
				customerId: 'acme',
				query: {},
				collection: 'activities',
				contentType: expect.stringContaining('application/json'),
				body: {
					type: 'call',
					externalId: `ctm-${call.id}`,
					direction: 'inbound',
					contactPhone: '+12065550142',
					contactName: 'Maria Andersson',
					contactEmail: 'maria.andersson@example.com',
					trackingNumber: '+12065550100',
					startedAt: '2024-03-01T17:15:00.000Z',
					durationSeconds: 185,
					talkTimeSeconds: 162,
					answered: true,
					agent: 'Adam Webb',
					agentEmail: 'adam.webb@acme-plumbing.example',
					recordingUrl: 'https://api.calltrackingmetrics.com/api/v1/accounts/25012/calls/4391937/recording',
					source: 'Google Ads',
					campaign: 'Emergency Plumbing Seattle',
					medium: 'cpc',
					keyword: 'emergency plumber seattle',
					landingPage: 'https://www.acme-plumbing.example/emergency',
					tags: ['new-customer', 'emergency'],
					customFields: { account_number: 'C-1042', service_type: 'Emergency' },
				},
			},
		]);
	});

	test('CTM retrying the same activity starts an execution but the CRM gets it once', async () => {
		const call = activity();
		const url = `${hook(paths.example)}?trigger=end`;
		expect((await send(url, { headers: { ...json, ...headerAuth }, body: logData(call) })).status).toBe(200);
		await executionWith(workflows.example, String(call.id));
		expect((await send(url, { headers: { ...json, ...headerAuth }, body: logData(call) })).status).toBe(200);
		const executions = await executionsWith(workflows.example, `"id":${call.id}`, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(crm.posted.filter((p) => (p.body as { externalId?: string }).externalId === `ctm-${call.id}`)).toHaveLength(1);
	});

	test('a phase the workflow did not select (start) is acknowledged and starts nothing', async () => {
		const call = activity();
		const res = await send(`${hook(paths.example)}?trigger=start`, { headers: { ...json, ...headerAuth }, body: logData(call) });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message: 'Ignored: trigger phase "start" is not selected' });
		await expectNoExecutionWith(workflows.example, String(call.id));
	});

	test('a URL without ?trigger= is 400, so the mistake shows in CTM\'s webhook log', async () => {
		const call = activity();
		const res = await send(hook(paths.example), { headers: { ...json, ...headerAuth }, body: logData(call) });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The URL has no trigger phase: add ?trigger=end to the URL in CTM' });
		await expectNoExecutionWith(workflows.example, String(call.id));
	});

	test('a missing header is 401 and a wrong one 403; neither starts an execution nor echoes the value', async () => {
		const call = activity();
		const url = `${hook(paths.example)}?trigger=end`;
		const missing = await send(url, { headers: json, body: logData(call) });
		expect(missing.status).toBe(401);
		expect(missing.json).toEqual({ message: 'Authentication required' });
		const wrong = await send(url, { headers: { ...json, [HEADER.name]: 'guess-123' }, body: logData(call) });
		expect(wrong.status).toBe(403);
		expect(wrong.json).toEqual({ message: 'Authentication failed' });
		expect(wrong.body).not.toContain('guess-123');
		await expectNoExecutionWith(workflows.example, String(call.id));
	});

	test('malformed JSON is the trigger\'s 400 after authentication (it reads the body itself), and starts nothing', async () => {
		const marker = String(++nextId);
		const res = await send(`${hook(paths.example)}?trigger=end`, { headers: { ...json, ...headerAuth }, body: `{"id": ${marker}, ` });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'Expected the activity as a JSON object (CTM body type "Log data")' });
		const anonymous = await send(`${hook(paths.example)}?trigger=end`, { headers: json, body: `{"id": ${marker}, ` });
		expect(anonymous.status).toBe(401);
		await expectNoExecutionWith(workflows.example, marker);
	});

	test('a GET is not served for log data (only pixels use GET)', async () => {
		const res = await send(`${hook(paths.example)}?trigger=end`, { method: 'GET', headers: headerAuth });
		expect(res.status).toBe(404);
	});
});

describe('signature (X-CTM-Signature)', () => {
	test('a request signed over X-CTM-Time + body (trailing newline trimmed) starts the workflow', async () => {
		const call = activity();
		const body = logData(call);
		const res = await send(`${hook('e2e/ctm/signed')}?trigger=End_Delayed`, { headers: { ...json, ...signature(body) }, body });
		expect(res.status).toBe(200);
		const execution = await executionWith(workflows.signed, String(call.id));
		expect(nodeOutput(execution, TRIGGER)).toMatchObject({ id: call.id, ctmWebhook: { triggerPhase: 'end_delayed' } });
		const data = JSON.stringify(execution.data);
		expect(data).not.toContain('x-ctm-signature');
		for (const secret of SECRETS) expect(data).not.toContain(secret);
	});

	test('"Any Phase": a request whose URL names no phase starts the workflow with triggerPhase null', async () => {
		const call = activity();
		const body = logData(call);
		expect((await send(hook('e2e/ctm/signed'), { headers: { ...json, ...signature(body) }, body })).status).toBe(200);
		const execution = await executionWith(workflows.signed, String(call.id));
		expect(nodeOutput(execution, TRIGGER)).toMatchObject({ ctmWebhook: { triggerPhase: null }, normalized: { event: 'activity' } });
	});

	test('a body altered after signing is 403', async () => {
		const call = activity();
		const headers = signature(logData(call));
		const res = await send(hook('e2e/ctm/signed'), { headers: { ...json, ...headers }, body: logData({ ...call, duration: 1 }) });
		expect(res.status).toBe(403);
		expect(res.json).toEqual({ message: 'Authentication failed' });
		await expectNoExecutionWith(workflows.signed, String(call.id));
	});

	test('a correctly signed request older than 5 minutes (a replay) is 403', async () => {
		const call = activity();
		const body = logData(call);
		const old = String(Math.floor(Date.now() / 1000) - 6 * 60);
		const res = await send(hook('e2e/ctm/signed'), { headers: { ...json, ...signature(body, old) }, body });
		expect(res.status).toBe(403);
		expect(res.json).toEqual({ message: 'Authentication failed' });
		await expectNoExecutionWith(workflows.signed, String(call.id));
	});

	test('no signature is 401', async () => {
		const call = activity();
		const res = await send(hook('e2e/ctm/signed'), { headers: json, body: logData(call) });
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ message: 'Authentication required' });
		await expectNoExecutionWith(workflows.signed, String(call.id));
	});
});

describe('basic auth and header auth combined', () => {
	const url = () => `${hook('e2e/ctm/basic-header')}?trigger=end`;

	test('with both right the workflow starts', async () => {
		const call = activity();
		expect((await send(url(), { headers: { ...json, ...basicAuth, ...headerAuth }, body: logData(call) })).status).toBe(200);
		await executionWith(workflows.basicHeader, String(call.id));
	});

	test('a wrong password is 403, a missing header 401; nothing starts', async () => {
		const call = activity();
		const wrongBasic = { authorization: `Basic ${Buffer.from(`${BASIC.user}:nope`).toString('base64')}` };
		const wrong = await send(url(), { headers: { ...json, ...wrongBasic, ...headerAuth }, body: logData(call) });
		expect(wrong.status).toBe(403);
		expect(wrong.json).toEqual({ message: 'Authentication failed' });
		const missing = await send(url(), { headers: { ...json, ...basicAuth }, body: logData(call) });
		expect(missing.status).toBe(401);
		await expectNoExecutionWith(workflows.basicHeader, String(call.id));
	});
});

describe('resource link with the activity fetched from the (stand-in) CTM API', () => {
	test('the full activity is fetched with the API keys from the credential\'s base URL, whatever host the link names', async () => {
		const before = ctmApi.requests.length;
		const link = resourceUrl(CTM_ACTIVITY.id);
		const res = await send(`${hook('e2e/ctm/resource')}?trigger=end`, { headers: json, body: JSON.stringify({ resource_url: link }) });
		expect(res.status).toBe(200);
		expect(ctmApi.requests.slice(before)).toEqual([
			{
				method: 'GET',
				path: `/api/v1/accounts/25012/calls/${CTM_ACTIVITY.id}.json`,
				authorization: `Basic ${Buffer.from(`${CTM_ACCESS_KEY}:${CTM_SECRET_KEY}`).toString('base64')}`,
			},
		]);
		const execution = await executionWith(workflows.resource, link);
		const { normalized, attribution, ctmWebhook, ...fetched } = nodeOutput(execution, TRIGGER) ?? {};
		expect(fetched).toEqual(CTM_ACTIVITY);
		expect(normalized).toMatchObject({ callId: String(CTM_ACTIVITY.id), agent: { name: 'Adam Webb' } });
		expect(attribution).toMatchObject({ source: 'Google Ads' });
		expect(ctmWebhook).toMatchObject({ bodyType: 'resourceLink', resourceUrl: link, fetched: true });
		expect(JSON.stringify(execution.data)).not.toContain(CTM_SECRET_KEY);
	});

	test('CTM answering 401 (wrong keys): 502 so CTM retries, and no execution', async () => {
		const link = resourceUrl(CTM_ACTIVITY.id, 'https://api.calltrackingmetrics.com/e2e-401');
		const res = await send(`${hook('e2e/ctm/resource-wrong-keys')}?trigger=end`, { headers: json, body: JSON.stringify({ resource_url: link }) });
		expect(res.status).toBe(502);
		expect(res.json).toEqual({ message: 'Could not fetch the activity from CTM: CTM answered 401' });
		await expectNoExecutionWith(workflows.resourceWrongKeys, 'e2e-401');
	});

	test('a CTM API slower than the fetch timeout: 502, and no execution', async () => {
		const link = resourceUrl(SLOW_ACTIVITY_ID, 'https://api.calltrackingmetrics.com/e2e-timeout');
		const started = Date.now();
		const res = await send(`${hook('e2e/ctm/resource')}?trigger=end`, { headers: json, body: JSON.stringify({ resource_url: link }) });
		expect(res.status).toBe(502);
		expect(res.json).toEqual({ message: 'Could not fetch the activity from CTM: the request timed out' });
		// The stand-in answers after 10 s; the 1.5 s timeout answered CTM long before that.
		expect(Date.now() - started).toBeLessThan(10_000);
		await expectNoExecutionWith(workflows.resource, 'e2e-timeout');
	});
});

describe('pixel', () => {
	const pixelQuery = (callid: string) =>
		new URLSearchParams({ trigger: 'end', callid, duration: '185', direction: 'inbound', source: 'Google Ads', sale_value: '250' });

	test('a GET with CTM\'s replacement values starts the workflow with them', async () => {
		const callid = String(++nextId);
		const res = await send(`${hook('e2e/ctm/pixel')}?${pixelQuery(callid)}`, { method: 'GET' });
		expect(res.status).toBe(200);
		const execution = await executionWith(workflows.pixel, callid);
		expect(nodeOutput(execution, TRIGGER)).toMatchObject({
			callid,
			duration: '185',
			sale_value: '250',
			normalized: { callId: callid, durationMs: 185000, direction: 'inbound', event: 'end' },
			attribution: { source: 'Google Ads' },
			ctmWebhook: { method: 'GET', bodyType: 'pixel', triggerPhase: 'end' },
		});
	});

	test('a POST pixel works the same', async () => {
		const callid = String(++nextId);
		const res = await send(`${hook('e2e/ctm/pixel')}?${pixelQuery(callid)}`, { method: 'POST' });
		expect(res.status).toBe(200);
		const execution = await executionWith(workflows.pixel, callid);
		expect(nodeOutput(execution, TRIGGER)).toMatchObject({ callid, ctmWebhook: { method: 'POST' } });
	});
});

describe('API keys only for resource links', () => {
	test('a resource-link workflow whose credential has no API keys is refused at activation, with the reason', async () => {
		const noKeys = await api.createCredential('CallTrackingMetrics no keys (e2e)', 'callTrackingMetricsApi', { ...credentialData(ctmApi.baseUrl, ''), accessKey: '' });
		const id = await api.createWorkflow(triggerWorkflow('resource-no-keys', { bodyType: 'resourceLink' }, noKeys));
		expect(await api.activationRefusal(id)).toMatch(/no API keys/);
		await api.deactivate(id).catch(() => undefined);
		// The same credential serves log data: that workflow activates and runs.
		const logDataId = await api.createActiveWorkflow(triggerWorkflow('log-data-no-keys', {}, noKeys));
		const call = activity();
		const res = await send(`${hook('e2e/ctm/log-data-no-keys')}?trigger=end`, { headers: json, body: logData(call) });
		expect(res.status).toBe(200);
		await executionWith(logDataId, String(call.id));
		await api.deactivate(logDataId);
	});
});

describe('the credential test (n8n\'s "Test" button) against the stand-in CTM API', () => {
	async function testCredential(id: string, name: string, secretKey: string, data: Record<string, string> = credentialData(ctmApi.baseUrl, secretKey)) {
		const cookie = await api.ownerCookie();
		const res = await fetch(`${state.baseUrl}/rest/credentials/test`, {
			method: 'POST',
			headers: { ...json, cookie },
			body: JSON.stringify({
				credentials: { id, name, type: 'callTrackingMetricsApi', data },
			}),
		});
		return (await res.json()) as { data: { status: string; message: string } };
	}

	test('the right keys pass: a real GET /api/v1/accounts with Basic auth', async () => {
		const before = ctmApi.requests.length;
		const result = await testCredential(credential.id, credential.name, CTM_SECRET_KEY);
		expect(result.data.status).toBe('OK');
		expect(ctmApi.requests.slice(before)).toEqual([
			expect.objectContaining({ method: 'GET', path: '/api/v1/accounts' }),
		]);
	});

	// n8n 1.x shows its own 401 text instead of the credential's rule (test/harness/n8nVersions.ts).
	const refusedMessage = differencesFor(state.n8nVersion).credentialTest401 === 'rule message' ? KEYS_REFUSED_MESSAGE : 'Authorization failed - please check your credentials';

	test('wrong keys fail, with the explanation', async () => {
		const result = await testCredential(wrongKeys.id, wrongKeys.name, 'not-the-secret-key');
		expect(result.data).toEqual({ status: 'Error', message: refusedMessage });
	});

	test('without API keys the test says why that is fine (only resource links need keys)', async () => {
		const result = await testCredential(credential.id, credential.name, '', { ...credentialData(ctmApi.baseUrl, ''), accessKey: '' });
		expect(result.data).toEqual({ status: 'Error', message: refusedMessage });
	});
});
