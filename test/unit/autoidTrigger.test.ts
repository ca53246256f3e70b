/** The AutoID Trigger's description and its webhook(), with n8n's function context stubbed. */
import type { IDataObject } from 'n8n-workflow';

import { FULL_PATH_FIELD, PATH_FIELD } from '../../lib/n8nWebhookSeam';
import { AUTOID_BODY_LIMIT, AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import type { AutoIdCredential } from '../../nodes/AutoIdTrigger/autoIdAuth';
import { successCode } from '../../nodes/AutoIdTrigger/autoIdAnswers';
import { webhookContext as n8nWebhookContext, type TestRequest } from './webhookContext';
import { PROMPT_RESPONSES, TAGS, autoIdPayload, toXml } from '../support/autoid';

const TOKEN = 'tok-5b8e1d';
const HEADER_CREDENTIAL: AutoIdCredential = { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: TOKEN }] } };
const BASIC_CREDENTIAL: AutoIdCredential = { authentication: 'basicAuth', user: 'autoid', password: 's3cret' };
const BASIC = `Basic ${Buffer.from('autoid:s3cret').toString('base64')}`;

const trigger = new AutoIdTrigger();

/** An AutoID webhook (JSON, with the token header unless the test removes it) through n8n's webhook context. */
function webhookContext(request: TestRequest, parameters: IDataObject = {}, credential: AutoIdCredential = HEADER_CREDENTIAL) {
	const { context, res, req } = n8nWebhookContext(
		trigger,
		{ ...request, headers: { 'content-type': 'application/json', 'x-autoid-token': TOKEN, ...request.headers } },
		{ parameters, credentials: { autoIdWebhookApi: credential } },
	);
	const readRawBody = jest.spyOn(req, 'readRawBody');
	return { context, res, req, readRawBody };
}

const run = async (request: TestRequest, parameters?: IDataObject, credential?: AutoIdCredential) => {
	const { context, res, req, readRawBody } = webhookContext(request, parameters, credential);
	const result = await trigger.webhook.call(context);
	return { result, res, req, readRawBody, item: result.workflowData?.[0][0].json as IDataObject | undefined };
};

describe('AutoID Trigger description', () => {
	const { description } = trigger;

	test('serves POST and PUT on the same path (exact or per copy), answered by n8n once the execution started', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: PATH_FIELD.template, isFullPath: FULL_PATH_FIELD.template, responseMode: 'onReceived' }),
			expect.objectContaining({ name: 'default', httpMethod: 'PUT', path: PATH_FIELD.template, isFullPath: FULL_PATH_FIELD.template, responseMode: 'onReceived' }),
		]);
	});

	test('the response code reads the Success Response Code parameter; the body is n8n\'s usual message', () => {
		for (const webhook of description.webhooks ?? []) {
			expect(webhook.responseCode).toBe('={{$parameter["successCode"]}}');
			// '' makes n8n answer its usual {"message":"Workflow was started"} (no expression; webhookDescriptions.test.ts).
			expect(webhook.responseData).toBe('');
		}
	});

	test('offers exactly AutoID\'s success codes, as numbers (n8n sets the status with them), default 200', () => {
		const parameter = description.properties.find((p) => p.name === 'successCode');
		expect(parameter?.default).toBe(200);
		expect((parameter?.options as Array<{ value: number }>).map((o) => o.value)).toEqual([200, 201, 202, 203, 204]);
	});

	test('asks n8n to leave the body unparsed (options.binaryData, honoured for version-1 webhook nodes)', () => {
		expect(description.version).toBe(1);
		expect(description.properties.find((p) => p.name === 'options')).toMatchObject({ type: 'hidden', default: { binaryData: true } });
	});

	test('uses the AutoID credential, tested by the node, and no usableAsTool', () => {
		expect(description.credentials).toEqual([{ name: 'autoIdWebhookApi', required: true, testedBy: 'testAutoIdCredential' }]);
		expect(trigger.methods.credentialTest.testAutoIdCredential).toBeInstanceOf(Function);
		expect((description as { usableAsTool?: boolean }).usableAsTool).toBeUndefined();
	});

	test('defaults: path autoid/calls, both phases, United States, phase field "phase"', () => {
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({ path: 'autoid/calls', triggerOn: 'any', defaultCountry: 'US', recommendedTemplate: 'hide' });
		const settings = description.properties.find((p) => p.name === 'settings');
		expect(settings?.options).toEqual([
			expect.objectContaining({ name: 'rememberSecretSeconds', default: 30 }),
			expect.objectContaining({ name: 'phaseField', default: 'phase' }),
		]);
	});

	test.each([
		[200, 200],
		[204, 204],
		['201', 201],
		[500, 200],
		[undefined, 200],
	])('successCode(%p) is %p', (value, code) => {
		expect(successCode(value)).toBe(code);
	});
});

describe('AutoID Trigger webhook(): accepted webhooks', () => {
	test('POST JSON at call end: one item with the fields as sent, the phase, normalized and no secret', async () => {
		const payload = autoIdPayload('call_end');
		const { result, res, item } = await run({ body: JSON.stringify(payload), headers: { 'user-agent': 'AutoID', cookie: 'a=b' } });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(res.headersSent).toBe(false);
		expect(item).toMatchObject({
			phase: 'call_end',
			phaseSource: 'call end fields',
			body: payload,
			format: 'json',
			xmlRoot: null,
			method: 'POST',
			customerId: null,
			pathParameters: {},
			query: {},
			headers: { 'content-type': 'application/json', 'user-agent': 'AutoID' },
			normalized: { vendor: 'autoid', event: 'call_end', callId: '093cc03c.e6a4.6ac6.978f.740b10afeaca', answered: true },
			autoIdCall: { campaign: 'Sales Campaign', dialStatus: 'ANSWER' },
		});
		expect((item?.body as IDataObject).prompt_responses).toEqual(PROMPT_RESPONSES);
		expect((item?.body as IDataObject).tags).toEqual(TAGS);
		expect(Date.parse(item?.receivedAt as string)).not.toBeNaN();
		expect(JSON.stringify(item)).not.toContain(TOKEN);
		expect((item?.headers as IDataObject).cookie).toBeUndefined();
	});

	test('PUT XML (application/xml): names keep their case, prompt responses and tags stay nested', async () => {
		const payload = autoIdPayload('call_end', { callid: 'xml-1' });
		const { item } = await run({ method: 'PUT', headers: { 'content-type': 'application/xml' }, body: toXml(payload) });
		expect(item).toMatchObject({ phase: 'call_end', format: 'xml', xmlRoot: 'call', method: 'PUT', normalized: { callId: 'xml-1', from: { e164: '+17776734736' } } });
		const body = item?.body as IDataObject;
		expect(body.tags).toEqual({ Region: 'south', DealerGroup: 'Springwood Motors' });
		expect(body.prompt_responses).toEqual({ prompt_response: PROMPT_RESPONSES });
	});

	test('text/xml with a template of one\'s own passes through as sent', async () => {
		const { item } = await run({ headers: { 'content-type': 'text/xml; charset=utf-8' }, body: '<Lead><FirstName>Freddy</FirstName><Phone>7776734736</Phone></Lead>' });
		expect(item).toMatchObject({ phase: 'call_begin', xmlRoot: 'Lead', body: { FirstName: 'Freddy', Phone: '7776734736' }, normalized: { callId: null, summary: null } });
	});

	test('bytes n8n already read (req.rawBody) are used as they are', async () => {
		const { context, req, readRawBody } = webhookContext({ body: 'not these bytes' });
		req.rawBody = Buffer.from(JSON.stringify({ callid: 'raw-1' }));
		const result = await trigger.webhook.call(context);
		expect(result.workflowData?.[0][0].json.body).toEqual({ callid: 'raw-1' });
		expect(readRawBody).not.toHaveBeenCalled();
	});

	test('basic auth: the right user and password pass, and Authorization never reaches the item', async () => {
		const { item } = await run({ headers: { authorization: BASIC, 'x-autoid-token': undefined }, body: '{"callid":"b-1"}' }, {}, BASIC_CREDENTIAL);
		expect(item?.body).toEqual({ callid: 'b-1' });
		expect((item?.headers as IDataObject).authorization).toBeUndefined();
		expect(JSON.stringify(item)).not.toContain('s3cret');
	});

	test('the phase comes from ?phase= and the customer id from the path', async () => {
		const { item } = await run({ body: JSON.stringify(autoIdPayload('call_end')), query: { phase: 'call_begin' }, params: { customerId: 'acme' } });
		expect(item).toMatchObject({ phase: 'call_begin', phaseSource: 'query', customerId: 'acme', pathParameters: { customerId: 'acme' }, normalized: { event: 'call_begin' } });
	});

	test('a phase field of one\'s own naming (Options → Phase Field)', async () => {
		const { item } = await run({ body: '{"Event":"end","callid":"p-1"}' }, { settings: { phaseField: 'Event' } });
		expect(item).toMatchObject({ phase: 'call_end', phaseSource: 'field' });
	});

	test('the Default Country turns national numbers into E.164', async () => {
		const { item } = await run({ body: '{"ani":"020 7946 0018"}' }, { defaultCountry: 'GB' });
		expect(item?.normalized).toMatchObject({ from: { number: '020 7946 0018', e164: '+442079460018' } });
	});
});

describe('AutoID Trigger webhook(): the phase filter', () => {
	test.each([
		['call_end', 'call_begin', 'Ignored: call begin is not selected'],
		['call_begin', 'call_end', 'Ignored: call end is not selected'],
	])('Trigger On %s: a %s webhook gets the success code and a reason, and starts nothing', async (triggerOn, phase, message) => {
		const { result, res } = await run({ body: JSON.stringify(autoIdPayload(phase as 'call_begin' | 'call_end')) }, { triggerOn, successCode: 202 });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(202);
		expect(JSON.parse(res.body ?? '')).toEqual({ message });
	});

	test.each([200, 201, 202, 203, 204])('an ignored webhook is acknowledged with the chosen success code %p (no body for 204)', async (code) => {
		const { result, res } = await run({ body: JSON.stringify(autoIdPayload('call_begin')) }, { triggerOn: 'call_end', successCode: code });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(code);
		if (code === 204) expect(res.body).toBeUndefined();
		else expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
	});

	test('the selected phase goes through; accepted webhooks leave the answer to n8n', async () => {
		const { result, res } = await run({ body: JSON.stringify(autoIdPayload('call_end')) }, { triggerOn: 'call_end', successCode: 204 });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(res.headersSent).toBe(false);
	});
});

describe('AutoID Trigger webhook(): refused requests start nothing', () => {
	const refused = async (request: TestRequest, status: number, message: string, credential?: AutoIdCredential) => {
		const { result, res } = await run(request, {}, credential);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(status);
		expect(JSON.parse(res.body ?? '')).toEqual({ message });
		return res;
	};

	test('a missing header is 401 and the body is not even read', async () => {
		const { context, res, req, readRawBody } = webhookContext({ headers: { 'x-autoid-token': undefined }, body: '{}' });
		expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(401);
		expect(readRawBody).not.toHaveBeenCalled();
		expect(req.rawBody).toBeUndefined();
	});

	test('a wrong header value is 403 without echoing it', async () => {
		const res = await refused({ headers: { 'x-autoid-token': 'guess' }, body: '{}' }, 403, 'Authentication failed');
		expect(res.body).not.toContain('guess');
	});

	test('basic auth: none is 401, a wrong password 403', async () => {
		await refused({ headers: { 'x-autoid-token': undefined }, body: '{}' }, 401, 'Authentication required', BASIC_CREDENTIAL);
		await refused({ headers: { authorization: `Basic ${Buffer.from('autoid:nope').toString('base64')}` }, body: '{}' }, 403, 'Authentication failed', BASIC_CREDENTIAL);
	});

	test.each([['text/plain'], ['application/x-www-form-urlencoded'], [undefined]])('content type %p is 415', async (contentType) => {
		await refused(
			{ headers: { 'content-type': contentType }, body: 'callid=1' },
			415,
			'Unsupported content type: send application/json, application/xml or text/xml (AutoID: HTTP Header Content-Type)',
		);
	});

	test.each([
		['a DOCTYPE', '<!DOCTYPE call><call><callid>1</callid></call>', 'XML with a DOCTYPE is not accepted (no DTDs or entities)'],
		['an external entity', '<?xml version="1.0"?><!DOCTYPE call [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><call>&xxe;</call>', 'XML with a DOCTYPE is not accepted (no DTDs or entities)'],
		['an entity declaration', '<call><!ENTITY x "y"></call>', 'XML with entity declarations is not accepted'],
		['an undefined entity', '<call>&nbsp;</call>', 'The XML uses an entity that is not defined in XML itself; entities are not expanded'],
		['too deep nesting', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`, 'The XML is nested more than 32 levels deep'],
		['broken XML', '<call><callid>1</call>', 'The XML end tag </call> does not match its start tag'],
	])('XML with %s is 400', async (_name, body, message) => {
		await refused({ method: 'PUT', headers: { 'content-type': 'application/xml' }, body }, 400, message);
	});

	test('broken JSON and an empty body are 400', async () => {
		await refused({ body: '{"callid":' }, 400, 'The body is not valid JSON');
		await refused({ body: '' }, 400, 'The body is empty');
	});

	test('a body over AutoID\'s limit is 413', async () => {
		const { context, res } = webhookContext({ body: `{"callid":"${'x'.repeat(AUTOID_BODY_LIMIT)}"}` });
		expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(res.statusCode).toBe(413);
	});
});
