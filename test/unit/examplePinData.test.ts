/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/**
 * Every example in examples/ ships pinned sample data on its trigger (`pinData` keyed by the trigger node's name),
 * so a user can run the whole flow in the editor before the vendor is connected. The sample is not written by
 * hand: it is what the trigger emits today, run through n8n-core's WebhookContext with the example's own
 * parameters, for a realistic event in the vendor's documented shape (the test fixtures built from the vendor
 * docs' fields; Wildix: the doc's call:end envelope for a customer's call), sent as the vendor sends it
 * (signed, with its secret). Secrets stay out: items never carry auth headers (DESIGN decision 6), and this
 * test checks that no secret used here appears in the examples.
 *
 * When a trigger's output changes, this test fails; `UPDATE_EXAMPLE_PIN_DATA=1 npx jest
 * test/unit/examplePinData.test.ts --selectProjects unit` writes the new samples into the examples.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { AutoIdTrigger } from '../../nodes/AutoIdTrigger/AutoIdTrigger.node';
import { CallTrackingMetricsTrigger } from '../../nodes/CallTrackingMetricsTrigger/CallTrackingMetricsTrigger.node';
import { M8ComCallLogTrigger } from '../../nodes/M8ComCallLog/M8ComCallLogTrigger.node';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { M8ComRecordingTrigger } from '../../nodes/M8ComRecording/M8ComRecordingTrigger.node';
import { WildixTrigger } from '../../nodes/WildixTrigger/WildixTrigger.node';
import { autoIdPayload } from '../support/autoid';
import { CTM_ACTIVITY } from '../support/standInCtmApi';
import { inboundCallEnd, wildixSignature } from '../support/wildix';
import { CONTACT_CALLED_SUPPORT, SUPPORT_RECORDING } from '../fixtures/m8com';
import { normalizedCall } from '../../lib/normalized';
import { packageNodes } from '../support/packageNodes';
import { PACKAGE_NAME, callWebhook, type TestRequest } from './webhookContext';

const EXAMPLES_DIR = join(__dirname, '../../examples');
const UPDATE = process.env.UPDATE_EXAMPLE_PIN_DATA === '1';

// Secrets of the samples: sent with the requests, never to appear in the examples.
const M8COM_SECRET = 'sample-m8com-secret';
const WILDIX_SECRET = 'sample-wildix-secret';
const CTM_HEADER = { name: 'X-Webhook-Token', value: 'sample-ctm-header-token' };
const AUTOID_TOKEN = 'sample-autoid-token';
const SECRETS = [M8COM_SECRET, WILDIX_SECRET, CTM_HEADER.value, AUTOID_TOKEN];

const json = { 'content-type': 'application/json' };

/** The recording example downloads the files; a stand-in serves them (n8n's egress filter sees public hosts). */
const recordingFiles = {
	getSecureEgressFilter: () => ({
		createSecureLookup: () => (_host: string, _options: unknown, callback: (error: Error | null, addresses: unknown) => void) =>
			callback(null, [{ address: '93.184.216.34', family: 4 }]),
	}),
	async httpRequest() {
		return { body: Buffer.from('ID3'), headers: { 'content-type': 'audio/mpeg' }, statusCode: 200 };
	},
	async prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string) {
		return { data: data.toString('base64'), fileName, mimeType };
	},
};

interface Sample {
	file: string;
	trigger: INodeType;
	/** The clock while the trigger runs (events carry their own times; the Wildix example ignores old events). */
	now: number;
	request: TestRequest;
	credentials: Record<string, object>;
	helpers?: Partial<IWebhookFunctions['helpers']>;
}

// The doc's call:end shape for a customer's call (the doc's own example is an internal call, which the flow skips).
const wildixEvent = inboundCallEnd();
const wildixBody = JSON.stringify(wildixEvent);

const SAMPLES: Sample[] = [
	{
		file: 'm8com-lookup-http-crm.json',
		trigger: new M8ComLookupTrigger(),
		now: 1_700_000_000_000,
		request: { method: 'GET', headers: { authorization: `Bearer ${M8COM_SECRET}` }, query: { fromNumber: '+46701234567', toNumber: '+4685550000' } },
		credentials: { m8ComWebhookApi: { secret: M8COM_SECRET } },
	},
	{
		file: 'm8com-lookup-multi-customer.json',
		trigger: new M8ComLookupTrigger(),
		now: 1_700_000_000_000,
		request: {
			method: 'GET',
			headers: { authorization: `Bearer ${M8COM_SECRET}` },
			query: { fromNumber: '+46701234567', toNumber: '+4685550000' },
			params: { customerId: 'acme' },
		},
		credentials: { m8ComWebhookApi: { secret: M8COM_SECRET } },
	},
	{
		file: 'm8com-call-log-crm-activity.json',
		trigger: new M8ComCallLogTrigger(),
		now: CONTACT_CALLED_SUPPORT.startTime + CONTACT_CALLED_SUPPORT.duration + 1000,
		request: { headers: { ...json, authorization: `Bearer ${M8COM_SECRET}` }, body: CONTACT_CALLED_SUPPORT },
		credentials: { m8ComWebhookApi: { secret: M8COM_SECRET } },
	},
	{
		file: 'm8com-recording-store.json',
		trigger: new M8ComRecordingTrigger(),
		now: SUPPORT_RECORDING.endTime + 60_000,
		request: { headers: { ...json, authorization: `Bearer ${M8COM_SECRET}` }, body: SUPPORT_RECORDING },
		credentials: { m8ComWebhookApi: { secret: M8COM_SECRET } },
		helpers: recordingFiles as unknown as Partial<IWebhookFunctions['helpers']>,
	},
	{
		file: 'wildix-call-end-crm-activity.json',
		trigger: new WildixTrigger(),
		now: (wildixEvent.time as number) + 2000,
		request: { headers: { ...json, 'x-signature': wildixSignature(wildixBody, WILDIX_SECRET) }, body: wildixBody },
		credentials: { wildixWebhookApi: { secret: WILDIX_SECRET } },
	},
	{
		file: 'autoid-call-end-crm-lead.json',
		trigger: new AutoIdTrigger(),
		now: 1_700_000_000_000,
		request: { headers: { ...json, 'x-autoid-token': AUTOID_TOKEN }, body: autoIdPayload('call_end') },
		credentials: { autoIdWebhookApi: { authentication: 'headerAuth', headers: { values: [{ name: 'X-AutoID-Token', value: AUTOID_TOKEN }] } } },
	},
	{
		file: 'ctm-call-end-crm-activity.json',
		trigger: new CallTrackingMetricsTrigger(),
		now: (CTM_ACTIVITY.unix_time + CTM_ACTIVITY.duration + 5) * 1000,
		// CTM posts pretty JSON with a trailing newline; the phase is in the URL.
		request: { headers: { ...json, [CTM_HEADER.name.toLowerCase()]: CTM_HEADER.value }, query: { trigger: 'end' }, body: `${JSON.stringify(CTM_ACTIVITY, null, 2)}\n` },
		credentials: { callTrackingMetricsApi: { headerName: CTM_HEADER.name, headerSecret: CTM_HEADER.value } },
	},
];

interface ExampleWorkflow {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: IDataObject }>;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
	[key: string]: unknown;
}

const readExample = (file: string) => JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;

/** What the example's trigger emits for the sample: its parameters as saved in the example, n8n's defaults filled in. */
async function emitted(sample: Sample, workflow: ExampleWorkflow) {
	const type = `${PACKAGE_NAME}.${sample.trigger.description.name}`;
	const node = workflow.nodes.find((n) => n.type === type);
	if (!node) throw new Error(`${sample.file} has no ${type}`);
	jest.useFakeTimers({
		now: sample.now,
		// Only the clock: streams, the lookup's deadline and n8n's helpers keep their real timers.
		doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
	});
	try {
		const outcome = await callWebhook(sample.trigger, sample.request, {
			parameters: node.parameters,
			credentials: sample.credentials,
			helpers: sample.helpers,
		});
		return { nodeName: node.name, status: outcome.status, items: outcome.items };
	} finally {
		jest.useRealTimers();
	}
}

/** `pinData` goes after the workflow's own keys, as n8n exports it. */
function withPinData(workflow: ExampleWorkflow, pinData: ExampleWorkflow['pinData']): ExampleWorkflow {
	const rest: ExampleWorkflow = { ...workflow };
	delete rest.pinData;
	return { ...rest, pinData };
}

describe('examples ship pinned sample data on their trigger', () => {
	test('every example in examples/ has a sample here', () => {
		const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
		expect(SAMPLES.map((sample) => sample.file).sort()).toEqual(files.sort());
	});

	test.each(SAMPLES.map((sample) => [sample.file, sample] as const))(
		'%s: pinData is exactly what its trigger emits today for the sample event',
		async (file, sample) => {
			const workflow = readExample(file);
			const { nodeName, status, items } = await emitted(sample, workflow);
			expect(status).toBe(200);
			expect(items).toHaveLength(1);
			// JSON as stored in the example file (no undefined values, no Buffers).
			const expected = { [nodeName]: JSON.parse(JSON.stringify(items.map((item) => ({ json: item })))) as Array<{ json: IDataObject }> };
			if (UPDATE) writeFileSync(join(EXAMPLES_DIR, file), `${JSON.stringify(withPinData(workflow, expected), null, 2)}\n`);
			expect(readExample(file).pinData).toEqual(expected);
		},
	);

	test.each(SAMPLES.map((sample) => [sample.file] as const))('%s: no secret, signature or auth header in the example', (file) => {
		const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		const pinned = JSON.stringify(readExample(file).pinData ?? {}).toLowerCase();
		for (const header of ['authorization', 'x-signature', 'x-ctm-signature', 'x-autoid-token', CTM_HEADER.name.toLowerCase()]) {
			expect(pinned).not.toContain(`"${header}"`);
		}
	});
});

/**
 * The rule for vendor extras (README "Output items", docs/development.md): `normalized` holds exactly the shared
 * keys of lib/normalized.ts on every trigger; whatever only one vendor has sits beside it at the item's top level
 * (Wildix `wildixCall` and `presence`, CTM `attribution` and `ctmWebhook`, the call log's `sections`, …).
 */
describe('normalized has exactly the shared keys, on every trigger', () => {
	const SHARED = Object.keys(normalizedCall('vendor', 'event', {}));
	const PARTY = ['number', 'e164', 'name', 'email', 'userId'];

	test('the samples cover every trigger package.json registers', () => {
		const triggers = packageNodes()
			.filter(({ nodeType }) => nodeType.description.group.includes('trigger'))
			.map(({ nodeType }) => nodeType.description.name);
		expect([...new Set(SAMPLES.map((sample) => sample.trigger.description.name))].sort()).toEqual(triggers.sort());
	});

	test.each(SAMPLES.map((sample) => [sample.file, sample] as const))('%s', async (file, sample) => {
		const { items } = await emitted(sample, readExample(file));
		const normalized = items[0].normalized as IDataObject;
		expect(Object.keys(normalized)).toEqual(SHARED);
		for (const key of ['from', 'to', 'agent', 'answerGroup']) {
			const party = normalized[key] as IDataObject | null;
			if (party !== null) expect(Object.keys(party)).toEqual(PARTY);
		}
	});
});
