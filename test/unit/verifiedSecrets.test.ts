/**
 * A verified secret remembered briefly (lib/verifiedSecrets.ts): the memory itself (hash compare, expiry by
 * timestamp, bound, failures never remembered), and every trigger with a header check through n8n-core's
 * WebhookContext: a repeated request with the same secret does not decrypt the credential, a different or wrong one
 * does, 0 turns it off, and the bound on a rotated secret holds.
 */
import type { IDataObject, INodeType } from 'n8n-workflow';

import {
	DEFAULT_REMEMBER_SECONDS,
	MAX_REMEMBERED,
	forgetVerifiedSecrets,
	rememberedCount,
	secretMemory,
} from '../../lib/verifiedSecrets';
import { AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { M8ComCallLogTrigger } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WildixTrigger } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { CTM_ACTIVITY } from '../support/standInCtmApi';
import { webhookContext, type TestRequest, type TestSetup } from './webhookContext';

beforeEach(() => forgetVerifiedSecrets());

describe('the memory', () => {
	const context = (workflowId = 'wf', nodeId = 'n', credentialId = 'c1') =>
		webhookContext(new M8ComLookupTrigger(), {}, { workflowId, nodeId, credentialIds: { m8ComWebhookApi: credentialId } }).context;
	const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

	test('recalls the same header value until the expiry, counted from the check (hits do not extend it)', () => {
		const memory = secretMemory(context(), 'm8ComWebhookApi', 10);
		expect(memory?.recall(bearer('s3cret'), 0)).toBeUndefined();
		memory?.remember(bearer('s3cret'), ['authorization'], 1000);
		expect(memory?.recall(bearer('s3cret'), 1000)).toEqual(['authorization']);
		expect(memory?.recall(bearer('s3cret'), 10_999)).toEqual(['authorization']);
		expect(memory?.recall(bearer('s3cret'), 11_000)).toBeUndefined();
		expect(rememberedCount()).toBe(0);
	});

	test('another value, a missing header or another workflow, node or credential id is not recalled', () => {
		secretMemory(context(), 'm8ComWebhookApi', 10)?.remember(bearer('s3cret'), ['authorization'], 0);
		expect(secretMemory(context(), 'm8ComWebhookApi', 10)?.recall(bearer('s3cre'), 1)).toBeUndefined();
		expect(secretMemory(context(), 'm8ComWebhookApi', 10)?.recall({}, 1)).toBeUndefined();
		expect(secretMemory(context('wf2'), 'm8ComWebhookApi', 10)?.recall(bearer('s3cret'), 1)).toBeUndefined();
		expect(secretMemory(context('wf', 'n2'), 'm8ComWebhookApi', 10)?.recall(bearer('s3cret'), 1)).toBeUndefined();
		expect(secretMemory(context('wf', 'n', 'c2'), 'm8ComWebhookApi', 10)?.recall(bearer('s3cret'), 1)).toBeUndefined();
		expect(secretMemory(context(), 'm8ComWebhookApi', 10)?.recall(bearer('s3cret'), 1)).toEqual(['authorization']);
	});

	test('several headers are compared together; their values cannot be shifted between them', () => {
		const memory = secretMemory(context(), 'm8ComWebhookApi', 10);
		memory?.remember({ a: 'xy', b: 'z' }, ['A', 'b'], 0);
		expect(memory?.recall({ a: 'xy', b: 'z' }, 1)).toEqual(['a', 'b']);
		expect(memory?.recall({ a: 'x', b: 'yz' }, 1)).toBeUndefined();
		expect(memory?.recall({ a: 'xy' }, 1)).toBeUndefined();
	});

	test('off at 0 seconds; capped at 60 seconds; nothing without a credential id', () => {
		expect(secretMemory(context(), 'm8ComWebhookApi', 0)).toBeUndefined();
		expect(secretMemory(context('wf', 'n', ''), 'm8ComWebhookApi', 10)).toBeUndefined();
		const memory = secretMemory(context('wf', 'capped'), 'm8ComWebhookApi', 3600);
		memory?.remember(bearer('s3cret'), ['authorization'], 0);
		expect(memory?.recall(bearer('s3cret'), 59_999)).toBeDefined();
		expect(memory?.recall(bearer('s3cret'), 60_000)).toBeUndefined();
		expect(DEFAULT_REMEMBER_SECONDS).toBeLessThanOrEqual(60);
	});

	test('bounded: at most MAX_REMEMBERED checks, the oldest goes first', () => {
		for (let i = 0; i <= MAX_REMEMBERED; i++) secretMemory(context(`wf${i}`), 'm8ComWebhookApi', 10)?.remember(bearer('s'), ['authorization'], 0);
		expect(rememberedCount()).toBe(MAX_REMEMBERED);
		expect(secretMemory(context('wf0'), 'm8ComWebhookApi', 10)?.recall(bearer('s'), 1)).toBeUndefined();
		expect(secretMemory(context(`wf${MAX_REMEMBERED}`), 'm8ComWebhookApi', 10)?.recall(bearer('s'), 1)).toBeDefined();
	});
});

interface Case {
	name: string;
	nodeType: INodeType;
	credentialType: string;
	credential: object;
	/** The options collection the trigger reads its settings from. */
	collection: 'options' | 'settings';
	parameters?: IDataObject;
	good: TestRequest;
	/** The same request with a wrong secret. */
	wrong: TestRequest;
	/** What a passed request gets. */
	passed: number;
}

const M8COM = { secret: 'm8com-secret' };
const lookupQuery = 'fromNumber=%2B46701234567';
const callLog = CONTACT_CALLED_SUPPORT;
const recording = SUPPORT_RECORDING;
const json = { 'content-type': 'application/json' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const CASES: Case[] = [
	{
		name: 'M8Com Lookup Trigger (Bearer)',
		nodeType: new M8ComLookupTrigger(),
		credentialType: 'm8ComWebhookApi',
		credential: M8COM,
		collection: 'options',
		good: { method: 'GET', headers: { authorization: 'Bearer m8com-secret' }, query: lookupQuery },
		wrong: { method: 'GET', headers: { authorization: 'Bearer guess' }, query: lookupQuery },
		passed: 200,
	},
	{
		name: 'M8Com Call Log Trigger (Bearer)',
		nodeType: new M8ComCallLogTrigger(),
		credentialType: 'm8ComWebhookApi',
		credential: M8COM,
		collection: 'settings',
		good: { headers: { authorization: 'Bearer m8com-secret', ...json }, body: callLog },
		wrong: { headers: { authorization: 'Bearer guess', ...json }, body: callLog },
		passed: 200,
	},
	{
		name: 'M8Com Recording Trigger (Bearer)',
		nodeType: new M8ComRecordingTrigger(),
		credentialType: 'm8ComWebhookApi',
		credential: M8COM,
		collection: 'settings',
		parameters: { downloadRecordings: false },
		good: { headers: { authorization: 'Bearer m8com-secret', ...json }, body: recording },
		wrong: { headers: { authorization: 'Bearer guess', ...json }, body: recording },
		passed: 200,
	},
	{
		name: 'AutoID Trigger (header)',
		nodeType: new AutoIdTrigger(),
		credentialType: 'autoIdWebhookApi',
		credential: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: 'tok' }] } },
		collection: 'settings',
		good: { headers: { 'x-autoid-token': 'tok', ...json }, body: { callid: '1' } },
		wrong: { headers: { 'x-autoid-token': 'guess', ...json }, body: { callid: '1' } },
		passed: 200,
	},
	{
		name: 'AutoID Trigger (basic)',
		nodeType: new AutoIdTrigger(),
		credentialType: 'autoIdWebhookApi',
		credential: { authentication: 'basicAuth', user: 'autoid', password: 'pw' },
		collection: 'settings',
		good: { headers: { authorization: basic('autoid', 'pw'), ...json }, body: { callid: '1' } },
		wrong: { headers: { authorization: basic('autoid', 'nope'), ...json }, body: { callid: '1' } },
		passed: 200,
	},
	{
		name: 'CTM Trigger (header auth)',
		nodeType: new CallTrackingMetricsTrigger(),
		credentialType: 'callTrackingMetricsApi',
		credential: { headerName: 'X-CTM-Token', headerSecret: 'ctm-secret' },
		collection: 'settings',
		parameters: { authentication: ['headerAuth'] },
		good: { headers: { 'x-ctm-token': 'ctm-secret', ...json }, body: CTM_ACTIVITY, query: 'trigger=end' },
		wrong: { headers: { 'x-ctm-token': 'guess', ...json }, body: CTM_ACTIVITY, query: 'trigger=end' },
		passed: 200,
	},
	{
		name: 'CTM Trigger (basic auth)',
		nodeType: new CallTrackingMetricsTrigger(),
		credentialType: 'callTrackingMetricsApi',
		credential: { basicAuthUser: 'ctm', basicAuthPassword: 'pw' },
		collection: 'settings',
		parameters: { authentication: ['basicAuth'] },
		good: { headers: { authorization: basic('ctm', 'pw'), ...json }, body: CTM_ACTIVITY, query: 'trigger=end' },
		wrong: { headers: { authorization: basic('ctm', 'nope'), ...json }, body: CTM_ACTIVITY, query: 'trigger=end' },
		passed: 200,
	},
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
	/** Runs one request; returns its status and how many times the credential was decrypted. */
	async function send(request: TestRequest, extra: { credential?: object; seconds?: number } = {}) {
		let decrypted = 0;
		const parameters: IDataObject = { ...c.parameters };
		if (extra.seconds !== undefined) parameters[c.collection] = { rememberSecretSeconds: extra.seconds };
		const setup: TestSetup = {
			parameters,
			credentials: { [c.credentialType]: extra.credential ?? c.credential },
			credentialIds: { [c.credentialType]: 'the-credential' },
			onGetCredentials: () => decrypted++,
		};
		const { context, res } = webhookContext(c.nodeType, request, setup);
		const result = await c.nodeType.webhook!.call(context);
		const status = res.headersSent ? res.statusCode : result.workflowData ? 200 : 500;
		return { status, decrypted, started: result.workflowData !== undefined };
	}

	test('by default a repeated request with the same secret skips the decryption', async () => {
		expect(await send(c.good)).toMatchObject({ status: c.passed, decrypted: 1, started: true });
		expect(await send(c.good)).toMatchObject({ status: c.passed, decrypted: 0, started: true });
	});

	test('a wrong secret is always checked against the credential, and refused, also after a good one', async () => {
		expect((await send(c.wrong)).status).toBe(403);
		expect(await send(c.wrong)).toMatchObject({ status: 403, decrypted: 1, started: false });
		await send(c.good);
		expect(await send(c.wrong)).toMatchObject({ status: 403, decrypted: 1, started: false });
		// The failure did not evict the good one.
		expect(await send(c.good)).toMatchObject({ decrypted: 0 });
	});

	test('a failed check is never remembered: a wrong secret first, then the same again, decrypts each time', async () => {
		await send(c.wrong);
		expect(await send(c.wrong)).toMatchObject({ decrypted: 1 });
	});

	test('0 turns it off: every request decrypts', async () => {
		await send(c.good, { seconds: 0 });
		expect(await send(c.good, { seconds: 0 })).toMatchObject({ status: c.passed, decrypted: 1 });
	});

	test('the trade-off: the old secret keeps working after a rotation (same credential id) until the memory expires', async () => {
		jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		try {
			await send(c.good, { seconds: 5 });
			const rotated = JSON.parse(JSON.stringify(c.credential).replace(/m8com-secret|"tok"|ctm-secret|"pw"/g, (m) => (m.startsWith('"') ? '"rotated"' : 'rotated'))) as object;
			expect(await send(c.good, { seconds: 5, credential: rotated })).toMatchObject({ status: c.passed, decrypted: 0 });
			jest.setSystemTime(1_000_000 + 5000);
			expect(await send(c.good, { seconds: 5, credential: rotated })).toMatchObject({ status: 403, decrypted: 1 });
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('checks that need the secret per body are never remembered', () => {
	test('CTM signature mode decrypts for every request', async () => {
		const ctm = new CallTrackingMetricsTrigger();
		let decrypted = 0;
		const run = () =>
			ctm.webhook.call(
				webhookContext(ctm, { headers: json, body: CTM_ACTIVITY, query: 'trigger=end' }, {
					parameters: { authentication: ['signature'] },
					credentials: { callTrackingMetricsApi: { signingSecret: 'sig' } },
					onGetCredentials: () => decrypted++,
				}).context,
			);
		await run();
		await run();
		expect(decrypted).toBe(2);
	});

	test('Wildix (HMAC of the body) has no such option', () => {
		const wildix = new WildixTrigger();
		const json = JSON.stringify(wildix.description.properties);
		expect(json).not.toContain('rememberSecretSeconds');
	});
});
