/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * AutoID Trigger, end to end: the packed package in a real n8n (the pinned 2.41.1), the example workflow imported and
 * activated through n8n's API, and webhooks sent the way AutoID sends them (POST or PUT, JSON or XML, the
 * header or basic auth of its advanced settings), answered with the success code picked in the node.
 */
import { N8nApi, nodeOutput, type WorkflowJson } from '../harness/api';
import { loadExample } from '../harness/examples';
import { readE2eState } from '../harness/state';
import { startStandInCrm } from '../../examples/standInCrm';
import { executionWith as sharedExecutionWith, expectNoExecutionWith as sharedExpectNoExecution } from '../support/executions';
import { TAGS, autoIdPayload, toXml } from '../support/autoid';
import { BODY_TRIGGER_VERSION } from '../../lib/n8nWebhookSeam';

const state = readE2eState();
const api = new N8nApi(state);
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;

const TOKEN = 'e2e-autoid-token-5b8e1d';
const DEALER = 'acme-motors';
const BASIC = { user: 'autoid', password: 'e2e-autoid-basic-9c2f' };
const AUTH = { 'X-AutoID-Token': TOKEN, 'X-Dealer': DEALER };
const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let crm: Awaited<ReturnType<typeof startStandInCrm>>;
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};
const credentials: Record<string, { id: string; name: string }> = {};

/** A workflow of one AutoID Trigger and a NoOp, for the cases the example does not cover. */
function triggerWorkflow(name: string, parameters: Record<string, unknown>, credential: { id: string; name: string }): WorkflowJson {
	return {
		name: `AutoID e2e ${name}`,
		nodes: [
			{
				id: `b3000000-0000-4000-8000-${String(Object.keys(workflows).length + 1).padStart(12, '0')}`,
				name: 'AutoID Trigger',
				type: 'n8n-nodes-telephony-webhooks.autoIdTrigger',
				typeVersion: BODY_TRIGGER_VERSION,
				position: [0, 0],
				webhookId: `b3000000-0000-4000-8000-${String(Object.keys(workflows).length + 101).padStart(12, '0')}`,
				parameters: { triggerOn: 'any', defaultCountry: 'US', ...parameters },
				credentials: { autoIdWebhookApi: credential },
			},
			{ id: 'b3000000-0000-4000-8000-0000000000ff', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { 'AutoID Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	};
}

interface Sent {
	status: number;
	body: string;
	headers: Headers;
}

async function send(path: string, init: { method?: string; body: string; contentType?: string; headers?: Record<string, string> }): Promise<Sent> {
	const res = await fetch(hook(path), {
		method: init.method ?? 'POST',
		headers: { 'content-type': init.contentType ?? 'application/json', ...(init.headers ?? AUTH) },
		body: init.body,
	});
	return { status: res.status, body: await res.text(), headers: res.headers };
}

const sendJson = (path: string, payload: unknown, headers?: Record<string, string>) =>
	send(path, { body: JSON.stringify(payload), headers });

const executionWith = (workflowId: string, marker: string) => sharedExecutionWith(api, workflowId, marker);
const expectNoExecutionWith = (workflowId: string, marker: string) => sharedExpectNoExecution(api, workflowId, marker);

beforeAll(async () => {
	crm = await startStandInCrm();
	credentials.header = await api.createCredential('AutoID header auth (e2e)', 'autoIdWebhookApi', {
		authentication: 'headerAuth',
		headers: { values: [{ name: 'X-AutoID-Token', value: TOKEN }, { name: 'X-Dealer', value: DEALER }] },
	});
	credentials.basic = await api.createCredential('AutoID basic auth (e2e)', 'autoIdWebhookApi', {
		authentication: 'basicAuth',
		...BASIC,
	});
	workflows.example = await api.createActiveWorkflow(
		loadExample('autoid-call-end-crm-lead.json', { crmBaseUrl: crm.baseUrl, credentials: { autoIdWebhookApi: credentials.header } }),
	);
	paths.example = await api.triggerPath(workflows.example);
	workflows.events = await api.createActiveWorkflow(triggerWorkflow('events', { path: 'e2e/autoid/events', successCode: 200 }, credentials.header));
	for (const code of [201, 202, 203]) {
		workflows[`code${code}`] = await api.createActiveWorkflow(
			triggerWorkflow(`code ${code}`, { path: `e2e/autoid/code-${code}`, successCode: code }, credentials.header),
		);
	}
	workflows.code204 = await api.createActiveWorkflow(
		triggerWorkflow('code 204 basic', { path: 'e2e/autoid/code-204', successCode: 204, triggerOn: 'call_end' }, credentials.basic),
	);
});

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

describe('AutoID webhooks in a real n8n', () => {
	test('POST JSON at call end: the example answers 200, creates one CRM lead from normalized, and keeps the template fields as sent', async () => {
		const payload = autoIdPayload('call_end', { callid: 'e2e-json-call-end-0001' });
		const res = await sendJson(paths.example, payload);
		expect(res.status).toBe(200);
		expect(JSON.parse(res.body)).toEqual({ message: 'Workflow was started' });

		const execution = await executionWith(workflows.example, 'e2e-json-call-end-0001');
		expect(execution.status).toBe('success');
		const item = nodeOutput(execution, 'AutoID Trigger') ?? {};
		expect(item).toMatchObject({ phase: 'call_end', phaseSource: 'call end fields', format: 'json', xmlRoot: null, method: 'POST', body: payload });
		expect((item.body as { tags: unknown }).tags).toEqual(TAGS);
		expect(item.normalized).toEqual({
			vendor: 'autoid',
			event: 'call_end',
			callId: 'e2e-json-call-end-0001',
			direction: 'inbound',
			from: { number: '7776734736', e164: '+17776734736', name: 'Freddy Krueger', email: null, userId: null },
			to: { number: '7774839229', e164: '+17774839229', name: 'Auto ID', email: null, userId: null },
			startedAt: '2019-03-28T00:05:00.000Z',
			endedAt: '2019-03-28T00:05:30.000Z',
			durationMs: 36000,
			talkTimeMs: 29000,
			waitTimeMs: 7000,
			answered: true,
			agent: null,
			answerGroup: null,
			recordingUrls: [
				'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.mp3',
				'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.wav',
			],
			summary: 'Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: ANSWER, 29 s talk time',
		});
		// What only AutoID has sits beside normalized (README: vendor extras).
		expect(item.autoIdCall).toEqual({ campaign: 'Sales Campaign', dialStatus: 'ANSWER' });
		const headers = item.headers as Record<string, string>;
		expect(headers['content-type']).toBe('application/json');
		expect(headers['x-autoid-token']).toBeUndefined();
		expect(headers['x-dealer']).toBeUndefined();
		expect(JSON.stringify(execution.data)).not.toContain(TOKEN);

		const leads = crm.posted.filter((p) => (p.body as { callId?: string }).callId === 'e2e-json-call-end-0001');
		expect(leads).toEqual([
			{
				customerId: 'acme',
				query: {},
				collection: 'leads',
				contentType: 'application/json',
				body: {
					source: 'AutoID',
					callId: 'e2e-json-call-end-0001',
					name: 'Freddy Krueger',
					phone: '+17776734736',
					trackingNumber: '+17774839229',
					location: 'Auto ID',
					campaign: 'Sales Campaign',
					answered: true,
					dialStatus: 'ANSWER',
					talkTimeSeconds: 29,
					startedAt: '2019-03-28T00:05:00.000Z',
					endedAt: '2019-03-28T00:05:30.000Z',
					recordingUrl: 'https://audio.example.com/MP3/202110/demo.e123.4d3c.41de.123468.mp3',
					vehicle: { vin: '1C6RRFFG9KN909808', year: '2019', make: 'Ram', model: '1500' },
					note: 'Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: ANSWER, 29 s talk time',
				},
			},
		]);
	});

	test('the example ignores the call-begin webhook: 200 with a reason, no execution', async () => {
		const res = await sendJson(paths.example, autoIdPayload('call_begin', { callid: 'e2e-call-begin-ignored-0002' }));
		expect(res.status).toBe(200);
		expect(JSON.parse(res.body)).toEqual({ message: 'Ignored: call begin is not selected' });
		await expectNoExecutionWith(workflows.example, 'e2e-call-begin-ignored-0002');
	});

	test('a retransmitted call end (same call id) creates no second lead', async () => {
		const payload = autoIdPayload('call_end', { callid: 'e2e-retransmitted-0003' });
		expect((await sendJson(paths.example, payload)).status).toBe(200);
		await executionWith(workflows.example, 'e2e-retransmitted-0003');
		expect((await sendJson(paths.example, payload)).status).toBe(200);
		const started = Date.now();
		let runs = 0;
		while (Date.now() - started < 30_000 && runs < 2) {
			const executions = await api.executions(workflows.example, true);
			runs = executions.filter((e) => e.status === 'success' && JSON.stringify(e.data ?? {}).includes('e2e-retransmitted-0003')).length;
			await new Promise((r) => setTimeout(r, 300));
		}
		expect(runs).toBe(2);
		expect(crm.posted.filter((p) => (p.body as { callId?: string }).callId === 'e2e-retransmitted-0003')).toHaveLength(1);
	});

	test('PUT XML: element names keep their case, prompt responses and tags stay nested, normalized is filled', async () => {
		const payload = autoIdPayload('call_end', { callid: 'e2e-put-xml-0004', dialstatus: 'NOANSWER', answered_time: '0' });
		const res = await send('e2e/autoid/events', { method: 'PUT', contentType: 'application/xml', body: toXml(payload) });
		expect(res.status).toBe(200);
		const item = nodeOutput(await executionWith(workflows.events, 'e2e-put-xml-0004'), 'AutoID Trigger') ?? {};
		expect(item).toMatchObject({ phase: 'call_end', format: 'xml', xmlRoot: 'call', method: 'PUT' });
		const body = item.body as Record<string, unknown>;
		expect(body.tags).toEqual({ Region: 'south', DealerGroup: 'Springwood Motors' });
		expect(body.prompt_responses).toEqual({
			prompt_response: [
				{ question: 'one', question_link: 'http://app.example.com/prompts-qa/audio/-1/94f17d142e0e861bfa34.wav', response: '1' },
				{ question: 'Department', question_link: 'http://app.example.com/prompts-qa/audio/-1/0b1c.wav', response: '2' },
			],
		});
		expect(body.ani_full_name).toBe('Freddy Krueger');
		expect(item.normalized).toMatchObject({
			callId: 'e2e-put-xml-0004',
			from: { e164: '+17776734736' },
			answered: false,
			talkTimeMs: 0,
			summary: 'Call from +17776734736 (Freddy Krueger) to +17774839229, campaign Sales Campaign: NOANSWER',
		});
		// AutoID's own fields sit beside normalized (the rule for vendor extras).
		expect(item.autoIdCall).toMatchObject({ dialStatus: 'NOANSWER' });
	});

	test('a template of the user\'s own (text/xml, mixed case) passes through as sent; the phase comes from ?phase=', async () => {
		const xml = '<Lead><CallID>e2e-own-template-0005</CallID><CallerNumber>7776734736</CallerNumber><Vehicle><VIN>1C6RRFFG9KN909808</VIN></Vehicle></Lead>';
		const res = await send('e2e/autoid/events?phase=call_begin', { contentType: 'text/xml; charset=utf-8', body: xml });
		expect(res.status).toBe(200);
		const item = nodeOutput(await executionWith(workflows.events, 'e2e-own-template-0005'), 'AutoID Trigger') ?? {};
		expect(item).toMatchObject({
			phase: 'call_begin',
			phaseSource: 'query',
			xmlRoot: 'Lead',
			query: { phase: 'call_begin' },
			body: { CallID: 'e2e-own-template-0005', CallerNumber: '7776734736', Vehicle: { VIN: '1C6RRFFG9KN909808' } },
		});
		// CallID matches the recommended "callid" in another case; the other names are the user's own.
		expect(item.normalized).toMatchObject({ event: 'call_begin', callId: 'e2e-own-template-0005', from: { number: null } });
	});

	test.each([
		['an internal entity used in the body', '<!DOCTYPE call [<!ENTITY x "e2e-doctype-0006">]><call><callid>&x;</callid></call>', 'e2e-doctype-0006'],
		['an external entity (XXE)', '<!DOCTYPE call [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><call><callid>e2e-xxe-0007</callid><ani>&xxe;</ani></call>', 'e2e-xxe-0007'],
	])('XML with a DOCTYPE (%s) is refused with 400 and starts no execution', async (_name, xml, marker) => {
		const res = await send('e2e/autoid/events', { method: 'PUT', contentType: 'application/xml', body: xml });
		expect(res.status).toBe(400);
		expect(JSON.parse(res.body)).toEqual({ message: 'XML with a DOCTYPE is not accepted (no DTDs or entities)' });
		await expectNoExecutionWith(workflows.events, marker);
	});

	test('broken JSON gets the trigger\'s 400 (not n8n\'s 422), other content types 415; neither starts an execution', async () => {
		const broken = await send('e2e/autoid/events', { body: '{"callid": "e2e-broken-0008",' });
		expect(broken.status).toBe(400);
		expect(JSON.parse(broken.body)).toEqual({ message: 'The body is not valid JSON' });
		const form = await send('e2e/autoid/events', { contentType: 'application/x-www-form-urlencoded', body: 'callid=e2e-form-0009' });
		expect(form.status).toBe(415);
		expect(JSON.parse(form.body).message).toMatch(/^Unsupported content type/);
		await expectNoExecutionWith(workflows.events, 'e2e-broken-0008');
		await expectNoExecutionWith(workflows.events, 'e2e-form-0009');
	});

	test('a wrong header value gets 403, a missing header 401, without echoing anything; no execution', async () => {
		const payload = autoIdPayload('call_end', { callid: 'e2e-wrong-header-0010' });
		const wrong = await sendJson(paths.example, payload, { 'X-AutoID-Token': 'not-the-token', 'X-Dealer': DEALER });
		expect(wrong.status).toBe(403);
		expect(JSON.parse(wrong.body)).toEqual({ message: 'Authentication failed' });
		expect(wrong.body).not.toContain('not-the-token');
		const missing = await sendJson(paths.example, payload, { 'X-AutoID-Token': TOKEN });
		expect(missing.status).toBe(401);
		expect(JSON.parse(missing.body)).toEqual({ message: 'Authentication required' });
		await expectNoExecutionWith(workflows.example, 'e2e-wrong-header-0010');
	});

	test.each([201, 202, 203])('success code %p arrives as chosen, with n8n\'s short JSON', async (code) => {
		const res = await sendJson(`e2e/autoid/code-${code}`, autoIdPayload('call_end', { callid: `e2e-code-${code}` }));
		expect(res.status).toBe(code);
		expect(JSON.parse(res.body)).toEqual({ message: 'Workflow was started' });
		await executionWith(workflows[`code${code}`], `e2e-code-${code}`);
	});

	test('success code 204 arrives with no body (basic auth, PUT JSON); a wrong password gets 403', async () => {
		const ok = await send('e2e/autoid/code-204', {
			method: 'PUT',
			body: JSON.stringify(autoIdPayload('call_end', { callid: 'e2e-code-204' })),
			headers: { Authorization: basicHeader(BASIC.user, BASIC.password) },
		});
		expect(ok.status).toBe(204);
		expect(ok.body).toBe('');
		expect(ok.headers.get('content-length') ?? '0').toBe('0');
		const execution = await executionWith(workflows.code204, 'e2e-code-204');
		expect(JSON.stringify(execution.data)).not.toContain(BASIC.password);
		expect((nodeOutput(execution, 'AutoID Trigger')?.headers as Record<string, string>).authorization).toBeUndefined();

		// A filtered-out webhook is acknowledged with the chosen code too (AutoID would retry anything else).
		const ignored = await sendJson('e2e/autoid/code-204', autoIdPayload('call_begin', { callid: 'e2e-code-204-begin' }), {
			Authorization: basicHeader(BASIC.user, BASIC.password),
		});
		expect(ignored.status).toBe(204);
		expect(ignored.body).toBe('');

		const wrong = await sendJson('e2e/autoid/code-204', autoIdPayload('call_end', { callid: 'e2e-code-204-wrong' }), {
			Authorization: basicHeader(BASIC.user, 'wrong'),
		});
		expect(wrong.status).toBe(403);
		expect(JSON.parse(wrong.body)).toEqual({ message: 'Authentication failed' });
		await expectNoExecutionWith(workflows.code204, 'e2e-code-204-wrong');
		await expectNoExecutionWith(workflows.code204, 'e2e-code-204-begin');
	});
});
