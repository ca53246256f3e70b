/** The CallTrackingMetrics Trigger's webhook() and description, with n8n's webhook context stubbed. */
import { createHmac } from 'crypto';
import { NodeHelpers, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { BODY_TRIGGER_VERSION, FULL_PATH_FIELD, PATH_FIELD } from '../../lib/n8nWebhookSeam';
import { CallTrackingMetricsApi, KEYS_REFUSED_MESSAGE } from '../../credentials/CallTrackingMetricsApi.credentials';
import { MISSING_KEYS_ANSWER, MISSING_KEYS_MESSAGE } from '../../nodes/CallTrackingMetricsTrigger/GenericFunctions';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import type { CtmCredential } from '../../nodes/CallTrackingMetricsTrigger/ctmAuth';
import { CTM_ACTIVITY, CTM_TEXT_ACTIVITY, resourceUrl } from '../support/standInCtmApi';
import { callWebhook, hookContext, type TestResponse } from './webhookContext';

const credential: CtmCredential = {
	accessKey: 'a25012',
	secretKey: 'api-secret-key',
	apiBaseUrl: 'http://127.0.0.1:9999',
	signingSecret: 'signing-secret',
	basicAuthUser: 'ctm',
	basicAuthPassword: 'basic-password',
	headerName: 'X-Webhook-Token',
	headerSecret: 'header-token',
};
const SECRETS = ['api-secret-key', 'signing-secret', 'basic-password', 'header-token'];

interface RequestInput {
	method?: string;
	headers?: Record<string, string | undefined>;
	query?: IDataObject;
	/** Sent as JSON. */
	json?: unknown;
	/** The bytes as sent (instead of `json`). */
	rawBody?: Buffer;
}

type HttpRequest = (type: string, options: IDataObject) => Promise<unknown>;

const trigger = new CallTrackingMetricsTrigger();

/** Sends the request to the trigger through n8n's webhook context; CTM's API is `httpRequest` (or must not be called). */
const run = async (request: RequestInput, parameters: IDataObject = {}, httpRequest?: HttpRequest) => {
	const fetches: Array<{ type: string; options: IDataObject }> = [];
	const httpRequestWithAuthentication = async (type: string, options: IDataObject) => {
		fetches.push({ type, options });
		if (!httpRequest) throw new Error('no request expected');
		return await httpRequest(type, options);
	};
	const body = request.rawBody ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
	const outcome = await callWebhook(
		trigger,
		{ method: request.method ?? 'POST', headers: { 'content-type': 'application/json', ...request.headers }, query: request.query ?? { trigger: 'end' }, body },
		{
			parameters: { triggerPhases: ['end'], ...parameters },
			credentials: { callTrackingMetricsApi: credential },
			helpers: { httpRequestWithAuthentication: httpRequestWithAuthentication as never },
		},
	);
	return { ...outcome, fetches, item: outcome.items[0] };
};
const answer = (res: TestResponse) => ({ status: res.statusCode, body: JSON.parse(res.body ?? 'null') as unknown });

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
function signed(json: unknown, secret = 'signing-secret', time = String(Math.floor(Date.now() / 1000))) {
	const rawBody = Buffer.from(JSON.stringify(json) + '\n');
	const signature = createHmac('sha1', secret).update(time + JSON.stringify(json)).digest('base64');
	return { rawBody, headers: { 'x-ctm-signature': signature, 'x-ctm-time': time } };
}

describe('CallTrackingMetrics Trigger webhook(): body types', () => {
	test('log data: emits the activity unchanged (custom fields included) plus normalized, attribution and ctmWebhook', async () => {
		const { result, item, res } = await run({ json: CTM_ACTIVITY, query: { trigger: 'end', activity_id: '4391937' } });
		expect(result.noWebhookResponse).toBeUndefined();
		expect(res.body).toBeUndefined();
		const { normalized, attribution, ctmWebhook, ...activity } = item!;
		expect(activity).toEqual(CTM_ACTIVITY);
		expect(normalized).toMatchObject({ vendor: 'ctm', event: 'end', callId: '4391937', direction: 'inbound', durationMs: 185000 });
		expect(attribution).toMatchObject({ source: 'Google Ads', campaign: 'Emergency Plumbing Seattle' });
		expect(ctmWebhook).toMatchObject({
			triggerPhase: 'end',
			bodyType: 'logData',
			method: 'POST',
			query: { trigger: 'end', activity_id: '4391937' },
		});
		expect(Date.parse((ctmWebhook as IDataObject).receivedAt as string)).not.toBeNaN();
	});

	test('log data that is not a JSON object is 400 and starts nothing', async () => {
		const { result, res } = await run({ rawBody: Buffer.from('not json') });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 400, body: { message: 'Expected the activity as a JSON object (CTM body type "Log data")' } });
	});

	test('resource link with Fetch Activity: fetches from the credential\'s base URL and emits the full activity', async () => {
		const body = { resource_url: resourceUrl(4391937, 'https://somewhere-else.example') };
		const { item, fetches } = await run({ json: body }, { bodyType: 'resourceLink', settings: { fetchTimeout: 1234 } }, async () => CTM_ACTIVITY);
		expect(fetches).toEqual([
			{
				type: 'callTrackingMetricsApi',
				options: expect.objectContaining({
					method: 'GET',
					url: 'http://127.0.0.1:9999/api/v1/accounts/25012/calls/4391937.json',
					timeout: 1234,
				}),
			},
		]);
		const { normalized, attribution, ctmWebhook, ...activity } = item!;
		expect(activity).toEqual(CTM_ACTIVITY);
		expect(normalized).toMatchObject({ callId: '4391937', agent: { name: 'Adam Webb' } });
		expect(attribution).toMatchObject({ source: 'Google Ads' });
		expect(ctmWebhook).toMatchObject({ bodyType: 'resourceLink', resourceUrl: body.resource_url, fetched: true });
	});

	test.each([
		['401', { httpCode: '401', message: 'Authorization failed - please check your credentials' }, 'CTM answered 401'],
		['a timeout', { message: 'timeout of 1234ms exceeded', code: 'ECONNABORTED' }, 'the request timed out'],
	])('resource link: a fetch failing with %s answers 502 so CTM retries, and starts nothing', async (_, error, reason) => {
		const { result, res } = await run({ json: { resource_url: resourceUrl(1) } }, { bodyType: 'resourceLink' }, async () => {
			throw error;
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 502, body: { message: `Could not fetch the activity from CTM: ${reason}` } });
		expect(res.body).not.toContain('api-secret-key');
	});

	test('resource link without Fetch Activity: emits the link and the activity id, calls nothing', async () => {
		const body = { resource_url: resourceUrl(4391937) };
		const { item, fetches } = await run({ json: body }, { bodyType: 'resourceLink', fetchActivity: false });
		expect(fetches).toEqual([]);
		expect(item).toMatchObject({
			resource_url: body.resource_url,
			normalized: { callId: '4391937', event: 'end' },
			attribution: { source: null },
			ctmWebhook: { resourceUrl: body.resource_url, fetched: false },
		});
	});

	test('resource link that names no account and activity cannot be fetched (400)', async () => {
		const { res, fetches } = await run({ json: { resource_url: 'https://api.calltrackingmetrics.com/api/v1/other' } }, { bodyType: 'resourceLink' });
		expect(fetches).toEqual([]);
		expect(answer(res)).toEqual({ status: 400, body: { message: 'resource_url does not name a CTM account and activity' } });
	});

	test('resource link without resource_url is 400', async () => {
		const { res } = await run({ json: { id: 1 } }, { bodyType: 'resourceLink' });
		expect(res.statusCode).toBe(400);
	});

	test('pixel GET: the replacement values from the query become the item', async () => {
		const query = { trigger: 'end', callid: '4391937', duration: '185', direction: 'inbound', source: 'Google Ads', sale_value: '250' };
		const { item } = await run({ method: 'GET', query }, { bodyType: 'pixel' });
		expect(item).toMatchObject({
			callid: '4391937',
			duration: '185',
			sale_value: '250',
			normalized: { callId: '4391937', durationMs: 185000, direction: 'inbound', event: 'end' },
			attribution: { source: 'Google Ads' },
			ctmWebhook: { method: 'GET', bodyType: 'pixel', triggerPhase: 'end' },
		});
		expect(item).not.toHaveProperty('trigger');
	});

	test('pixel POST of a form: the form fields are added', async () => {
		const { item } = await run(
			{ method: 'POST', query: { trigger: 'end', callid: '7' }, rawBody: Buffer.from('sale_value=99&sale_value=1&note=a%20b'), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
			{ bodyType: 'pixel' },
		);
		expect(item).toMatchObject({ callid: '7', sale_value: '99', note: 'a b' });
	});

	test('log data sent as anything but JSON is 415 and starts nothing', async () => {
		const { result, res } = await run({ json: CTM_ACTIVITY, headers: { 'content-type': 'text/plain' } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 415, body: { message: 'Content-Type must be application/json' } });
	});

	test('pixel POST works the same, body fields added', async () => {
		const { item } = await run({ method: 'POST', query: { trigger: 'end', callid: '7' }, json: { sale_value: '99' } }, { bodyType: 'pixel' });
		expect(item).toMatchObject({ callid: '7', sale_value: '99', ctmWebhook: { method: 'POST' } });
	});
});

describe('CallTrackingMetrics Trigger: API keys only for resource links', () => {
	const noKeys: CtmCredential = { ...credential, accessKey: '', secretKey: '' };
	const runWith = async (cred: CtmCredential, json: unknown, parameters: IDataObject) =>
		await callWebhook(
			trigger,
			{ method: 'POST', headers: { 'content-type': 'application/json' }, query: { trigger: 'end' }, body: JSON.stringify(json) },
			{
				parameters: { triggerPhases: ['end'], ...parameters },
				credentials: { callTrackingMetricsApi: cred },
				helpers: {
					httpRequestWithAuthentication: (async () => {
						throw new Error('no request expected');
					}) as never,
				},
			},
		);

	test.each([
		['log data', CTM_ACTIVITY, {}],
		['a pixel', {}, { bodyType: 'pixel' }],
		['a resource link with Fetch Activity off', { resource_url: resourceUrl(4391937) }, { bodyType: 'resourceLink', fetchActivity: false }],
	])('%s runs without API keys', async (_name, json, parameters) => {
		const { status, items } = await runWith(noKeys, json, parameters);
		expect(status).toBe(200);
		expect(items).toHaveLength(1);
	});

	test('a resource link to fetch without API keys is a clear 500 (set-up mistake), no request to CTM, nothing starts', async () => {
		const { status, message, items, warnings } = await runWith(noKeys, { resource_url: resourceUrl(4391937) }, { bodyType: 'resourceLink' });
		expect([status, message, items]).toEqual([500, MISSING_KEYS_ANSWER, []]);
		expect(warnings).toEqual([expect.stringContaining('no API keys')]);
	});

	const checkExists = async (cred: CtmCredential, parameters: IDataObject) =>
		await trigger.webhookMethods.default.checkExists.call(
			hookContext(trigger, { parameters, credentials: { callTrackingMetricsApi: cred } }),
		);

	test('activation (and test listening) stops with the same clear error when resource links would need missing keys', async () => {
		await expect(checkExists(noKeys, { bodyType: 'resourceLink' })).rejects.toThrow(MISSING_KEYS_MESSAGE);
		await expect(checkExists({ ...credential, secretKey: ' ' }, { bodyType: 'resourceLink' })).rejects.toThrow(MISSING_KEYS_MESSAGE);
	});

	test.each([
		['log data without keys', noKeys, {}],
		['a resource link with Fetch Activity off, without keys', noKeys, { bodyType: 'resourceLink', fetchActivity: false }],
		['a resource link with keys', credential, { bodyType: 'resourceLink' }],
	])('activation passes: %s', async (_name, cred, parameters) => {
		await expect(checkExists(cred, parameters)).resolves.toBe(true);
	});
});

describe('CallTrackingMetrics Trigger webhook(): trigger phases', () => {
	test('an unselected phase is acknowledged 200 and starts nothing', async () => {
		const { result, res } = await run({ json: CTM_ACTIVITY, query: { trigger: 'start' } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status: 200, body: { message: 'Ignored: trigger phase "start" is not selected' } });
	});

	test('no ?trigger= while phases are selected is 400', async () => {
		const { res } = await run({ json: CTM_ACTIVITY, query: {} });
		expect(res.statusCode).toBe(400);
	});

	test('an ignored phase never fetches', async () => {
		const { fetches } = await run({ json: { resource_url: resourceUrl(1) }, query: { trigger: 'update' } }, { bodyType: 'resourceLink' });
		expect(fetches).toEqual([]);
	});

	test('"Any Phase" accepts a request without a phase; triggerPhase is null, event "activity"', async () => {
		const { item } = await run({ json: CTM_TEXT_ACTIVITY, query: {} }, { triggerPhases: ['*'] });
		expect(item).toMatchObject({ ctmWebhook: { triggerPhase: null }, normalized: { event: 'activity', direction: 'inbound' } });
	});

	test('several selected phases: each starts the workflow, spelled as CTM does', async () => {
		for (const trigger of ['End', 'inbound_text', 'status-change']) {
			const { item } = await run({ json: CTM_TEXT_ACTIVITY, query: { trigger } }, { triggerPhases: ['end', 'inbound_text', 'status_change'] });
			expect(item).toBeDefined();
		}
	});
});

describe('CallTrackingMetrics Trigger webhook(): authentication', () => {
	test('signature: a correctly signed request starts the workflow; the item carries no signature headers', async () => {
		const { rawBody, headers } = signed(CTM_ACTIVITY);
		const { item } = await run({ json: CTM_ACTIVITY, rawBody, headers }, { authentication: ['signature'] });
		expect(item).toBeDefined();
		expect(JSON.stringify(item)).not.toContain(headers['x-ctm-signature']);
	});

	test.each([
		['tampered', () => {
			const { headers } = signed(CTM_ACTIVITY);
			return { json: { ...CTM_ACTIVITY, duration: 999 }, headers };
		}, 403, 'Authentication failed'],
		['stale', () => {
			const { rawBody, headers } = signed(CTM_ACTIVITY, 'signing-secret', String(Math.floor(Date.now() / 1000) - 600));
			return { json: CTM_ACTIVITY, rawBody, headers };
		}, 403, 'Authentication failed'],
		['missing', () => ({ json: CTM_ACTIVITY }), 401, 'Authentication required'],
		['signed with another secret', () => {
			const { rawBody, headers } = signed(CTM_ACTIVITY, 'other');
			return { json: CTM_ACTIVITY, rawBody, headers };
		}, 403, 'Authentication failed'],
	])('signature %s: refused, nothing starts', async (_, build, status, message) => {
		const { result, res } = await run(build(), { authentication: ['signature'] });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer(res)).toEqual({ status, body: { message } });
	});

	test('the signature window is an option (a 10-minute-old request passes with 900 s)', async () => {
		const { rawBody, headers } = signed(CTM_ACTIVITY, 'signing-secret', String(Math.floor(Date.now() / 1000) - 600));
		const { item } = await run({ json: CTM_ACTIVITY, rawBody, headers }, { authentication: ['signature'], settings: { signatureWindow: 900 } });
		expect(item).toBeDefined();
	});

	test('basic auth: right → starts; missing → 401; wrong → 403', async () => {
		const params = { authentication: ['basicAuth'] };
		expect((await run({ json: CTM_ACTIVITY, headers: { authorization: basic('ctm', 'basic-password') } }, params)).item).toBeDefined();
		expect(answer((await run({ json: CTM_ACTIVITY }, params)).res)).toEqual({ status: 401, body: { message: 'Authentication required' } });
		expect(answer((await run({ json: CTM_ACTIVITY, headers: { authorization: basic('ctm', 'nope') } }, params)).res)).toEqual({
			status: 403,
			body: { message: 'Authentication failed' },
		});
	});

	test('header auth: right → starts; missing → 401; wrong → 403', async () => {
		const params = { authentication: ['headerAuth'] };
		expect((await run({ json: CTM_ACTIVITY, headers: { 'x-webhook-token': 'header-token' } }, params)).item).toBeDefined();
		expect((await run({ json: CTM_ACTIVITY }, params)).res.statusCode).toBe(401);
		expect((await run({ json: CTM_ACTIVITY, headers: { 'x-webhook-token': 'nope' } }, params)).res.statusCode).toBe(403);
	});

	test('all three combined: each must pass', async () => {
		const { rawBody, headers } = signed(CTM_ACTIVITY);
		const all = { ...headers, authorization: basic('ctm', 'basic-password'), 'x-webhook-token': 'header-token' };
		const params = { authentication: ['signature', 'basicAuth', 'headerAuth'] };
		expect((await run({ json: CTM_ACTIVITY, rawBody, headers: all }, params)).item).toBeDefined();
		const noHeader = { ...all, 'x-webhook-token': undefined };
		expect((await run({ json: CTM_ACTIVITY, rawBody, headers: noHeader }, params)).res.statusCode).toBe(401);
	});

	test('authentication is checked before the phase filter and before any fetch', async () => {
		const { res, fetches } = await run({ json: { resource_url: resourceUrl(1) }, query: { trigger: 'start' } }, { authentication: ['basicAuth'], bodyType: 'resourceLink' });
		expect(res.statusCode).toBe(401);
		expect(fetches).toEqual([]);
	});

	test('no item ever carries a secret of the credential', async () => {
		const { rawBody, headers } = signed(CTM_ACTIVITY);
		const all = { ...headers, authorization: basic('ctm', 'basic-password'), 'x-webhook-token': 'header-token' };
		const { item } = await run({ json: CTM_ACTIVITY, rawBody, headers: all }, { authentication: ['signature', 'basicAuth', 'headerAuth'] });
		for (const secret of SECRETS) expect(JSON.stringify(item)).not.toContain(secret);
	});
});

describe('CallTrackingMetrics Trigger description', () => {
	const { description } = trigger;
	const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;
	const shown = (name: string, values: IDataObject) =>
		NodeHelpers.displayParameter({ bodyType: 'logData', triggerPhases: ['end'], authentication: [], ...values }, property(name), { typeVersion: BODY_TRIGGER_VERSION }, description);

	test('one webhook on the trigger path (exact or per copy) answered on receipt; POST, plus GET for pixels', () => {
		// The templates the editor (and n8n 1.x) evaluate; n8n 2.41 resolves them natively (webhookDescriptions.test.ts).
		expect(description.webhooks).toMatchObject([
			{
				name: 'default',
				httpMethod: '={{$parameter["bodyType"] === "pixel" ? ["GET", "POST"] : "POST"}}',
				responseMode: 'onReceived',
				responseData: '',
				path: PATH_FIELD.template,
				isFullPath: FULL_PATH_FIELD.template,
			},
		]);
		expect(description.credentials).toEqual([{ name: 'callTrackingMetricsApi', required: true }]);
		expect(description).not.toHaveProperty('usableAsTool');
	});

	test('the phase filter offers every CTM phase plus "Any Phase", default End', () => {
		const phases = property('triggerPhases');
		expect(phases.default).toEqual(['end']);
		expect(phases.options).toHaveLength(21);
	});

	test('a notice shows the URL suffix of each selected phase, and only those', () => {
		expect(shown('urlNotice_end', { triggerPhases: ['end', 'sale'] })).toBe(true);
		expect(shown('urlNotice_sale', { triggerPhases: ['end', 'sale'] })).toBe(true);
		expect(shown('urlNotice_start', { triggerPhases: ['end', 'sale'] })).toBe(false);
		expect(property('urlNotice_end_delayed').displayName).toContain('<code>?trigger=end_delayed</code>');
		expect(shown('urlNoticeAny', { triggerPhases: ['*'] })).toBe(true);
	});

	test('the pixel notice lists CTM\'s replacement variables; Fetch Activity shows for resource links only', () => {
		expect(shown('pixelNotice', { bodyType: 'pixel' })).toBe(true);
		expect(shown('pixelNotice', {})).toBe(false);
		expect(property('pixelNotice').displayName).toContain('callid=:callid');
		expect(shown('fetchActivity', { bodyType: 'resourceLink' })).toBe(true);
		expect(shown('fetchActivity', {})).toBe(false);
	});

	test('a warning shows while no authentication is selected', () => {
		expect(shown('noAuthNotice', {})).toBe(true);
		expect(shown('noAuthNotice', { authentication: ['headerAuth'] })).toBe(false);
	});
});

describe('CallTrackingMetrics API credential', () => {
	const cred = new CallTrackingMetricsApi();

	test('authenticates API requests with Basic auth (access key : secret key)', () => {
		expect(cred.authenticate).toEqual({
			type: 'generic',
			properties: { auth: { username: '={{$credentials.accessKey}}', password: '={{$credentials.secretKey}}' } },
		});
	});

	test('tests the keys with a real request to the API base URL (default CTM\'s); a 401 says the keys are optional', () => {
		expect(cred.test.request).toEqual({
			baseURL: '={{$credentials.apiBaseUrl || "https://api.calltrackingmetrics.com"}}',
			url: '/api/v1/accounts',
		});
		expect(cred.test.rules).toEqual([{ type: 'responseCode', properties: { value: 401, message: KEYS_REFUSED_MESSAGE } }]);
		expect(KEYS_REFUSED_MESSAGE).toMatch(/missing or wrong.*Resource Link.*leave both keys empty/);
		expect(cred.properties.find((p) => p.name === 'apiBaseUrl')?.default).toBe('https://api.calltrackingmetrics.com');
	});

	test('the API keys are optional (only resource links need them)', () => {
		for (const name of ['accessKey', 'secretKey']) {
			const property = cred.properties.find((p) => p.name === name);
			expect(property?.required).toBeFalsy();
			expect(property?.description).toContain('Resource Link');
		}
	});

	test('secrets are password fields; webhook settings are optional', () => {
		for (const name of ['secretKey', 'signingSecret', 'basicAuthPassword', 'headerSecret']) {
			expect(cred.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
		}
		for (const name of ['signingSecret', 'basicAuthUser', 'basicAuthPassword', 'headerName', 'headerSecret']) {
			expect(cred.properties.find((p) => p.name === name)?.required).toBeFalsy();
		}
		expect(cred.displayName).toMatch(/API$/);
	});
});
