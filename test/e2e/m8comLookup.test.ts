/**
 * M8Com number lookup, end to end: the packed package in a real n8n (the pinned 2.41.1), example workflows imported and
 * activated through n8n's API, and lookups sent over HTTP the way M8Com sends them.
 */
import { fillPath, N8nApi, nodeOutput, type Execution, type WorkflowJson } from '../harness/api';
import { loadExample, withExactPath } from '../harness/examples';
import { M8COM_SECRET, readE2eState } from '../harness/state';
import { CRM_INSIGHTS, startStandInCrm } from '../../examples/standInCrm';
import { executionWith, expectNoExecutionWith } from '../support/executions';
import { jsonLookupWorkflow, lookup } from '../support/lookup';

const state = readE2eState();
const api = new N8nApi(state);
const credential = state.credentials.m8ComWebhookApi;
const hook = (path: string) => `${state.webhookUrl}/webhook/${path}`;
const M8COM_TIMEOUT_MS = 3000;

let crm: Awaited<ReturnType<typeof startStandInCrm>>;
const workflows: Record<string, string> = {};
/** The path (after /webhook/) each example workflow serves: per copy, under the webhook ID n8n gave its trigger. */
const paths: Record<string, string> = {};

beforeAll(async () => {
	crm = await startStandInCrm();
	const bindings = { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: credential } };
	workflows.example = await api.createActiveWorkflow(loadExample('m8com-lookup-http-crm.json', bindings));
	workflows.multi = await api.createActiveWorkflow(loadExample('m8com-lookup-multi-customer.json', bindings));
	paths.example = await api.triggerPath(workflows.example);
	paths.multi = await api.triggerPath(workflows.multi);
	workflows.merge = await api.createActiveWorkflow(mergedListsVariant(loadExample('m8com-lookup-http-crm.json', bindings), 'e2e/merge'));
	const json = (name: string, extra: Partial<Parameters<typeof jsonLookupWorkflow>[0]> = {}) =>
		jsonLookupWorkflow({ name, path: `e2e/${name}`, crmUrl: `${crm.baseUrl}/customers/acme/insights`, credential, ...extra });
	workflows.json = await api.createActiveWorkflow(json('json'));
	workflows.fail = await api.createActiveWorkflow(json('fail', { onInvalidData: 'fail' }));
	workflows.slow = await api.createActiveWorkflow(json('slow'));
	workflows.fallback204 = await api.createActiveWorkflow(
		json('fallback204', { triggerOptions: { fallbackAnswer: '204', responseDeadline: 1000 } }),
	);
});

/**
 * The lookup example with its lists split by two Split Out nodes and joined by n8n's Merge node (Append), plus a
 * Task built from the first input item: the other way docs/m8com-lookup.md describes, with both Build From modes.
 */
function mergedListsVariant(example: WorkflowJson, path: string): WorkflowJson {
	const workflow = withExactPath(example, path);
	const splitOut = (name: string, list: string, field: string, y: number) => ({
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [660, y],
		alwaysOutputData: true,
		parameters: { fieldToSplitOut: `results[0].${list}`, include: 'noOtherFields', options: { destinationFieldName: field } },
	});
	workflow.nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.splitOut');
	workflow.nodes.push(splitOut('Split Out Notes', 'notes', 'note', -200), splitOut('Split Out Deals', 'deals', 'deal', 0), {
		name: 'Merge',
		type: 'n8n-nodes-base.merge',
		typeVersion: 3.2,
		position: [880, -100],
		parameters: {},
	});
	const respond = workflow.nodes.find((n) => n.name === 'Respond with Contact')!;
	const parameters = respond.parameters as { activities: Record<string, unknown[]> };
	parameters.activities.task = [
		{ buildFrom: 'firstItem', body: "=Call {{ $('Search CRM Contact').item.json.results[0].firstName }} back", timestamp: '1699990000', dueDate: '1700086400' },
	];
	const to = (node: string, index = 0) => ({ node, type: 'main', index });
	workflow.connections['Contact Found?'] = { main: [[to('Split Out Notes'), to('Split Out Deals')], [to('Respond No Match')]] };
	delete workflow.connections['Split Out Notes and Deals'];
	workflow.connections['Split Out Notes'] = { main: [[to('Merge', 0)]] };
	workflow.connections['Split Out Deals'] = { main: [[to('Merge', 1)]] };
	workflow.connections.Merge = { main: [[to('Respond with Contact')]] };
	return workflow;
}

afterAll(async () => {
	crm?.server.closeAllConnections();
	crm?.server.close();
});

describe('M8Com lookup in a real n8n', () => {
	test('answers with exactly the Insights JSON the example workflow shaped from the CRM contact', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46701234567', toNumber: '+46812345678' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(res.json).toEqual({
			displayName: 'Maria Andersson',
			firstName: 'Maria',
			lastName: 'Andersson',
			moreInfoUrl: 'https://crm.example.com/contacts/42',
			emails: [{ id: 'maria.andersson@acme.example', comment: 'Work' }],
			phoneNumbers: [{ id: '+46701234567', comment: 'Mobile' }],
			createActivityUrls: [{ name: 'Create note', url: 'https://crm.example.com/contacts/42/notes/new' }],
			companyInfo: { name: 'Acme Inc.', title: 'Insights Engineer' },
			activities: [
				// The deal closes in the future, so it is the newest; CRM seconds became milliseconds.
				{ type: 'DEAL', body: 'Renewal 2027', timestamp: 1707776000000, closeDate: 1707776000000, currency: 'SEK', amount: 12000, pipelineStage: 'Proposal' },
				{ type: 'NOTE', header: 'CRM note', body: 'Note 3: discussed the renewal', timestamp: 1700007200000, associatedUser: 'adam.webb@emca.example' },
				{ type: 'NOTE', header: 'CRM note', body: 'Note 2: discussed the renewal', timestamp: 1700003600000, associatedUser: 'adam.webb@emca.example' },
				{ type: 'NOTE', header: 'CRM note', body: 'Note 1: discussed the renewal', timestamp: 1700000000000, associatedUser: 'adam.webb@emca.example' },
			],
		});
	});

	test('a contact with no notes and no deals is answered without activities (Split Out\'s empty item builds none)', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46700000012' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			displayName: 'Nils Holm',
			firstName: 'Nils',
			lastName: 'Holm',
			moreInfoUrl: 'https://crm.example.com/contacts/44',
			emails: [{ id: 'nils.holm@acme.example', comment: 'Work' }],
			phoneNumbers: [{ id: '+46700000012', comment: 'Mobile' }],
			createActivityUrls: [{ name: 'Create note', url: 'https://crm.example.com/contacts/44/notes/new' }],
			companyInfo: { name: 'Acme Inc.', title: 'New customer' },
		});
		const execution = await executionWith(api, workflows.example, '+46700000012');
		expect(nodeOutput(execution, 'Respond with Contact')).toEqual({ statusCode: 200, body: res.json });
	});

	test('lists split apart and merged (Append) give the same activities; a First Input Item entry is built once', async () => {
		const maria = await lookup(hook('e2e/merge'), { fromNumber: '+46701234567' });
		expect(maria.status).toBe(200);
		const activities = (maria.json as { activities: Array<{ type: string; body: string }> }).activities;
		expect(activities.map((a) => `${a.type} ${a.body}`)).toEqual([
			'DEAL Renewal 2027',
			'NOTE Note 3: discussed the renewal',
			'NOTE Note 2: discussed the renewal',
			'NOTE Note 1: discussed the renewal',
			'TASK Call Maria back',
		]);
		expect(activities[4]).toEqual({ type: 'TASK', body: 'Call Maria back', timestamp: 1699990000000, dueDate: 1700086400000 });
		const nils = await lookup(hook('e2e/merge'), { fromNumber: '+46700000012' });
		expect((nils.json as { activities: unknown[] }).activities).toEqual([
			{ type: 'TASK', body: 'Call Nils back', timestamp: 1699990000000, dueDate: 1700086400000 },
		]);
		const execution = await executionWith(api, workflows.merge, '+46700000012');
		expect(nodeOutput(execution, 'Respond with Contact')?.warnings).toBeUndefined();
	});

	test('passes a whole Insights object from an expression through unchanged (JSON mode, all six activity types)', async () => {
		const res = await lookup(hook('e2e/json'), { fromNumber: '+46701234567' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual(CRM_INSIGHTS['+46701234567']);
	});

	test('a national national number is searched in E.164 through normalized.from.e164', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '070-123 45 67' });
		expect(res.status).toBe(200);
		expect((res.json as { displayName: string }).displayName).toBe('Maria Andersson');
	});

	test('the no-match branch answers 404 with {}', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46709999999' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
	});

	test('11 notes in the CRM: the 10 newest are sent, newest first', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46700000011' });
		expect(res.status).toBe(200);
		const activities = (res.json as { activities: Array<{ type: string; body: string; timestamp: number }> }).activities;
		expect(activities).toHaveLength(10);
		expect(activities.map((a) => a.body)).toEqual(
			[11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `Note ${n}: discussed the renewal`),
		);
		expect(activities.every((a) => a.type === 'NOTE')).toBe(true);
		const execution = await executionWith(api, workflows.example, '+46700000011');
		expect(nodeOutput(execution, 'Respond with Contact')?.warnings).toEqual(['11 NOTE activities given: the 10 newest were kept (M8Com shows at most 10 per type)']);
	});

	test('the respond node is not offered among an AI Agent\'s tools in the editor', async () => {
		const cookie = await api.ownerCookie();
		// The node list the editor loads (and its node creator, the Agent's tool picker included, offers).
		const types = (await (await fetch(`${state.baseUrl}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{ name: string }>;
		const ours = types.map((t) => t.name).filter((name) => name.startsWith('n8n-nodes-telephony-webhooks.'));
		expect(ours).toContain('n8n-nodes-telephony-webhooks.respondToM8ComLookup');
		expect(ours.filter((name) => name.endsWith('Tool'))).toEqual([]);
	});

	test('a missing Authorization header gets 401 and starts no execution', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46700000401' }, null);
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ message: 'Authentication required' });
		await expectNoExecutionWith(api, workflows.example, '+46700000401');
	});

	test('a wrong secret gets 403 without echoing it, and starts no execution', async () => {
		const res = await lookup(hook(paths.example), { fromNumber: '+46700000403' }, 'Bearer not-the-secret');
		expect(res.status).toBe(403);
		expect(res.json).toEqual({ message: 'Authentication failed' });
		expect(res.body).not.toContain('not-the-secret');
		const basic = await lookup(hook(paths.example), { fromNumber: '+46700000403' }, `Basic ${M8COM_SECRET}`);
		expect(basic.status).toBe(403);
		await expectNoExecutionWith(api, workflows.example, '+46700000403');
	});

	test('a lookup without fromNumber gets 400 and starts no execution', async () => {
		const res = await lookup(hook(paths.example), { toNumber: '+46700000400' });
		expect(res.status).toBe(400);
		expect(res.json).toEqual({ message: 'The fromNumber query parameter is required' });
		await expectNoExecutionWith(api, workflows.example, '+46700000400');
	});

	test('a CRM step of 10 s still gets the fallback within M8Com\'s 3 s, and the late answer is dropped quietly', async () => {
		const res = await lookup(hook('e2e/slow'), { fromNumber: '+46700000010' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
		// The contract with M8Com: it gives up after 3 seconds.
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
		// The workflow goes on, its respond node runs after ~10 s, and nothing fails.
		const [execution] = await api.waitForExecutions(workflows.slow, 1, 30_000);
		expect(execution.data?.resultData.error).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Respond to M8Com Lookup')).toMatchObject({ statusCode: 200 });
	});

	test('the fallback answer and the deadline are configurable (204 after 1 s)', async () => {
		const res = await lookup(hook('e2e/fallback204'), { fromNumber: '+46700000010' });
		expect(res.status).toBe(204);
		expect(res.body).toBe('');
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
	});

	test('invalid parts are dropped with warnings on the respond node\'s output item', async () => {
		const res = await lookup(hook('e2e/json'), { fromNumber: '+46700000099' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			displayName: 'Invalid Parts AB',
			emails: [{ id: 'ok@invalid.example' }],
			activities: [{ type: 'NOTE', body: 'Valid note', timestamp: 1700000000000 }],
		});
		const executions = await api.waitForExecutions(workflows.json, 2);
		const withWarnings = executions
			.map((e) => nodeOutput(e, 'Respond to M8Com Lookup'))
			.find((out) => Array.isArray(out?.warnings));
		expect(withWarnings?.warnings).toEqual([
			'contact.avatarUrl must be an http(s) URL (dropped)',
			'emails[1] dropped: id is required',
			'activities[1] (NOTE) dropped: body is required',
			'activities[2] dropped: type "MEETING" must be one of NOTE, TASK, CALL, TICKET, DEAL, APPOINTMENT',
		]);
	});

	test('with "Fail the Node" invalid data fails the execution and M8Com gets the fallback', async () => {
		const res = await lookup(hook('e2e/fail'), { fromNumber: '+46700000099' });
		expect(res.status).toBe(404);
		expect(res.json).toEqual({});
		expect(res.elapsedMs).toBeLessThan(M8COM_TIMEOUT_MS);
		const [execution] = await api.waitForExecutions(workflows.fail, 1);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toBe('The Insights answer is invalid');
	});

	test('one workflow serves several customers: the customer id in the path picks the CRM account', async () => {
		const acme = await lookup(hook(fillPath(paths.multi, { customerId: 'acme' })), { fromNumber: '+46701234567' });
		const globex = await lookup(hook(fillPath(paths.multi, { customerId: 'globex' })), { fromNumber: '+46701234567' });
		expect(acme.status).toBe(200);
		expect(globex.status).toBe(200);
		expect((acme.json as { displayName: string }).displayName).toBe('Maria Andersson');
		expect((globex.json as { displayName: string }).displayName).toBe('Maria Andersson (Globex)');
		const executions = await api.waitForExecutions(workflows.multi, 2);
		const customerIds = executions.map((e) => nodeOutput(e, 'M8Com Lookup Trigger')?.customerId).sort();
		expect(customerIds).toEqual(['acme', 'globex']);
	});

	test('the trigger emits the numbers, the experimental user (JSON or bracket style), normalized, and never the secret', async () => {
		const user = { firstName: 'Adam', lastName: 'Webb', displayName: 'Adam Webb', id: 'u-1', userIds: [{ type: 'email', username: 'adam.webb@emca.example' }] };
		await lookup(hook('e2e/json'), { fromNumber: '0701234567', toNumber: '+46812345678', user: JSON.stringify(user) });
		await lookup(hook('e2e/json'), {
			fromNumber: '+46701234567',
			'user[firstName]': 'Eva',
			'user[lastName]': 'Berg',
			'user[id]': 'u-2',
			'user[userIds][0][type]': 'mobilePhone',
			'user[userIds][0][username]': '+46709876543',
		});
		const executions: Execution[] = await api.waitForExecutions(workflows.json, 4);
		const items = executions.map((e) => nodeOutput(e, 'M8Com Lookup Trigger') ?? {});
		const jsonUser = items.find((item) => (item.user as { id?: string } | undefined)?.id === 'u-1');
		const bracketUser = items.find((item) => (item.user as { id?: string } | undefined)?.id === 'u-2');
		expect(jsonUser).toMatchObject({
			fromNumber: '0701234567',
			toNumber: '+46812345678',
			user,
			customerId: null,
			normalized: {
				vendor: 'm8com',
				event: 'lookup',
				from: { number: '0701234567', e164: '+46701234567' },
				to: { number: '+46812345678', e164: '+46812345678' },
				agent: { name: 'Adam Webb', email: 'adam.webb@emca.example', userId: 'u-1' },
			},
		});
		expect(typeof jsonUser?.receivedAt).toBe('string');
		expect(bracketUser?.user).toEqual({ firstName: 'Eva', lastName: 'Berg', id: 'u-2', userIds: [{ type: 'mobilePhone', username: '+46709876543' }] });
		expect((bracketUser?.normalized as { agent: unknown }).agent).toMatchObject({ name: 'Eva Berg', number: '+46709876543', e164: '+46709876543' });
		for (const execution of executions) expect(JSON.stringify(execution.data)).not.toContain(M8COM_SECRET);
	});
});
