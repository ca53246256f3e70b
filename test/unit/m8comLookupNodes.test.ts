/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * The two lookup nodes' own code paths: the trigger's webhook() through n8n's webhook context (./webhookContext),
 * the respond node's execute() with its function context stubbed.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { FULL_PATH_FIELD } from '../../lib/n8nWebhookSeam';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { RespondToM8ComLookup } from '../../nodes/M8ComLookup/RespondToM8ComLookup.node';
import { webhookContext as n8nWebhookContext, type TestRequest } from './webhookContext';

const TRIGGER_TYPE = 'n8n-nodes-telephony-webhooks.m8ComLookupTrigger';

/** A lookup as M8Com sends it (GET), to the trigger with a credential whose secret is "s3cret". */
function webhookContext(request: TestRequest, parameters: IDataObject = {}) {
	return n8nWebhookContext(new M8ComLookupTrigger(), { method: 'GET', ...request }, { parameters, credentials: { m8ComWebhookApi: { secret: 's3cret' } } });
}

/** Reads a (possibly nested, dotted) parameter from a plain object, as the respond node's getNodeParameter does. */
const parameterReader = (parameters: IDataObject) => (name: string, _itemIndex?: number, fallback?: unknown) => {
	const value = name.split('.').reduce<unknown>((node, key) => (node as IDataObject | undefined)?.[key], parameters);
	return value === undefined ? fallback : value;
};

const respondNode: INode = {
	id: 'n2',
	name: 'Respond',
	type: 'n8n-nodes-telephony-webhooks.respondToM8ComLookup',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('M8Com Lookup Trigger webhook()', () => {
	const trigger = new M8ComLookupTrigger();
	const auth = { authorization: 'Bearer s3cret' };

	test.each([
		[{}, 401, 'Authentication required'],
		[{ authorization: 'Bearer nope' }, 403, 'Authentication failed'],
	])('%p is refused with %p before anything else is read', async (headers, status, message) => {
		const { context, res } = webhookContext({ headers, query: { fromNumber: '+46701234567' } });
		const result = await trigger.webhook.call(context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(status);
		expect(JSON.parse(res.body ?? '')).toEqual({ message });
	});

	test('the notice on rejected test calls quotes exactly what a missing or wrong secret gets', async () => {
		const notice = trigger.description.properties.find((p) => p.name === 'rejectedTestNotice');
		expect(notice?.type).toBe('notice');
		for (const headers of [{}, { authorization: 'Bearer nope' }]) {
			const { context, res } = webhookContext({ headers, query: { fromNumber: '+46701234567' } });
			await trigger.webhook.call(context);
			const { message } = JSON.parse(res.body ?? '') as { message: string };
			expect(notice?.displayName).toContain(`${res.statusCode} "${message}"`);
		}
		expect(notice?.displayName).toContain('keeps waiting');
	});

	test('a lookup without fromNumber is 400 and starts nothing', async () => {
		const { context, res } = webhookContext({ headers: auth, query: {} });
		expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(400);
	});

	test('a valid lookup starts the workflow with one clean item and keeps the response for the respond node', async () => {
		const { context, res } = webhookContext({
			headers: auth,
			query: { fromNumber: '0701234567', toNumber: '+46812345678' },
			params: { customerId: 'acme' },
		});
		const result = await trigger.webhook.call(context);
		expect(result.noWebhookResponse).toBe(true);
		const item = result.workflowData?.[0][0].json as IDataObject;
		expect(item).toMatchObject({
			fromNumber: '0701234567',
			toNumber: '+46812345678',
			customerId: 'acme',
			pathParameters: { customerId: 'acme' },
			query: { fromNumber: '0701234567', toNumber: '+46812345678' },
			normalized: { vendor: 'm8com', event: 'lookup', from: { e164: '+46701234567' } },
		});
		expect(Date.parse(item.receivedAt as string)).not.toBeNaN();
		expect(JSON.stringify(item)).not.toContain('s3cret');
		expect(res.body).toBeUndefined();
	});

	test('without a customer id in the path, customerId is null', async () => {
		const { context } = webhookContext({ headers: auth, query: { fromNumber: '1' } });
		expect((await trigger.webhook.call(context)).workflowData?.[0][0].json.customerId).toBeNull();
	});

	test('the fallback goes out at the configured deadline when nobody answered', async () => {
		const { context, res } = webhookContext(
			{ headers: auth, query: { fromNumber: '1' } },
			{ options: { responseDeadline: 100, fallbackAnswer: '200' } },
		);
		await trigger.webhook.call(context);
		expect(res.writableEnded).toBe(false);
		await new Promise((r) => setTimeout(r, 200));
		expect(res.statusCode).toBe(200);
		expect(res.body).toBe('{}');
	});

	test('declares a GET webhook on the trigger path (exact or per copy) answered by the respond node', () => {
		expect(trigger.description.webhooks).toEqual([
			expect.objectContaining({ httpMethod: 'GET', responseMode: 'responseNode', isFullPath: FULL_PATH_FIELD.template }),
		]);
	});
});

function executeContext(parameters: IDataObject, parents: Array<{ type: string }> | undefined = [{ type: TRIGGER_TYPE }]) {
	const sent: IDataObject[] = [];
	const context = {
		getNode: () => respondNode,
		getParentNodes: parents === undefined ? undefined : () => parents.map((p) => ({ name: 'p', typeVersion: 1, disabled: false, ...p })),
		getNodeParameter: parameterReader(parameters),
		getInputData: () => [{ json: {} }],
		sendResponse: async (response: IDataObject) => {
			sent.push(response);
		},
	} as unknown as IExecuteFunctions;
	return { context, sent };
}

const bodyOf = (response: IDataObject) => (response.body as Buffer).toString();

describe('Respond to M8Com Lookup execute()', () => {
	const node = new RespondToM8ComLookup();

	test('"Contact found" sends the mapped fields as Insights JSON (a Buffer, status 200)', async () => {
		const { context, sent } = executeContext({
			respondWith: 'contact',
			displayName: 'Maria Andersson',
			onInvalidData: 'drop',
			contactFields: {
				firstName: 'Maria',
				lastName: 'Andersson',
				avatarUrl: '',
				emails: { values: [{ id: 'maria@acme.example', comment: 'Work' }] },
				phoneNumbers: { values: [{ id: '+46701234567', comment: '' }] },
				fields: { values: [{ title: 'Tier', comment: 'Gold' }] },
				companyName: 'Acme',
				companyTitle: 'CTO',
				moreInfoUrl: 'https://crm.example/42',
				createActivityUrls: { values: [{ name: 'Create note', url: 'https://crm.example/42/notes/new' }] },
				createActivityUrl: { values: [{ name: 'Old link', url: 'https://crm.example/old' }] },
				activities: '[{"type":"NOTE","body":"Hi","timestamp":1700000000}]',
			},
		});
		const [[out]] = await node.execute.call(context);
		expect(sent).toHaveLength(1);
		expect(Buffer.isBuffer(sent[0].body)).toBe(true);
		expect(sent[0]).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
		const expected = {
			displayName: 'Maria Andersson',
			firstName: 'Maria',
			lastName: 'Andersson',
			moreInfoUrl: 'https://crm.example/42',
			emails: [{ id: 'maria@acme.example', comment: 'Work' }],
			phoneNumbers: [{ id: '+46701234567' }],
			fields: [{ title: 'Tier', comment: 'Gold' }],
			createActivityUrls: [{ name: 'Create note', url: 'https://crm.example/42/notes/new' }],
			createActivityUrl: [{ name: 'Old link', url: 'https://crm.example/old' }],
			companyInfo: { name: 'Acme', title: 'CTO' },
			activities: [{ type: 'NOTE', body: 'Hi', timestamp: 1700000000000 }],
		};
		expect(JSON.parse(bodyOf(sent[0]))).toEqual(expected);
		expect(out.json).toEqual({ statusCode: 200, body: expected });
		expect(out.pairedItem).toEqual({ item: 0 });
	});

	test('activities mapped as an array (not a string) are used as they are; invalid activity JSON warns', async () => {
		const mapped = executeContext({ respondWith: 'contact', displayName: 'M', contactFields: { activities: [{ type: 'NOTE', body: 'x', timestamp: 1 }] } });
		await node.execute.call(mapped.context);
		expect(JSON.parse(bodyOf(mapped.sent[0])).activities).toHaveLength(1);
		const broken = executeContext({ respondWith: 'contact', displayName: 'M', contactFields: { activities: '[{' } });
		const [[out]] = await node.execute.call(broken.context);
		expect(out.json.warnings).toEqual(['activities must be a list (dropped)']);
	});

	test('"JSON" sends a whole Insights object from an expression', async () => {
		const insights = { displayName: 'Maria', companyInfo: { name: 'Acme' } };
		const { context, sent } = executeContext({ respondWith: 'json', insightsJson: insights });
		await node.execute.call(context);
		expect(JSON.parse(bodyOf(sent[0]))).toEqual(insights);
	});

	test.each([
		['404', 404, '{}'],
		['204', 204, ''],
		['200', 200, '{}'],
	])('"No match" %s answers %p with %p', async (choice, status, body) => {
		const { context, sent } = executeContext({ respondWith: 'noMatch', noMatchStatus: choice });
		const [[out]] = await node.execute.call(context);
		expect(sent[0].statusCode).toBe(status);
		expect(bodyOf(sent[0])).toBe(body);
		expect(out.json).toEqual({ statusCode: status, body: {} });
	});

	test('invalid parts are dropped and listed as warnings on the output item', async () => {
		const { context, sent } = executeContext({ respondWith: 'json', onInvalidData: 'drop', insightsJson: { displayName: 'M', avatarUrl: 'nope' } });
		const [[out]] = await node.execute.call(context);
		expect(JSON.parse(bodyOf(sent[0]))).toEqual({ displayName: 'M' });
		expect(out.json.warnings).toEqual(['contact.avatarUrl must be an http(s) URL (dropped)']);
	});

	test('with no valid contact left, "drop" answers no match (404 {}) and says why', async () => {
		const { context, sent } = executeContext({ respondWith: 'json', onInvalidData: 'drop', insightsJson: { firstName: 'M' } });
		const [[out]] = await node.execute.call(context);
		expect(sent[0].statusCode).toBe(404);
		expect(out.json).toEqual({ statusCode: 404, body: {}, warnings: ['contact dropped: displayName is required'] });
	});

	test('"Fail the Node" throws with every problem listed and sends nothing', async () => {
		const { context, sent } = executeContext({ respondWith: 'json', onInvalidData: 'fail', insightsJson: { displayName: 'M', avatarUrl: 'nope' } });
		await expect(node.execute.call(context)).rejects.toMatchObject({
			message: 'The Insights answer is invalid',
			description: 'contact.avatarUrl must be an http(s) URL (dropped)',
		});
		expect(sent).toHaveLength(0);
	});

	test('without an M8Com Lookup Trigger upstream it fails with a clear message', async () => {
		const { context, sent } = executeContext({ respondWith: 'noMatch' }, [{ type: 'n8n-nodes-base.webhook' }]);
		await expect(node.execute.call(context)).rejects.toMatchObject({ message: 'No M8Com Lookup Trigger before this node' });
		expect(sent).toHaveLength(0);
	});

	test('on n8n versions without getParentNodes the check is skipped', async () => {
		const { context, sent } = executeContext({ respondWith: 'noMatch' }, undefined);
		await node.execute.call(context);
		expect(sent).toHaveLength(1);
	});
});
