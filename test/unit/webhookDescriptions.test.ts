/**
 * Every webhook description of every node in package.json is resolved by n8n 2.41 without the expression engine
 * (`webhookDescriptionIsNativelyResolvable`, `resolveWebhookDescriptionField`: what `live-webhooks.js` and
 * `webhook.service.js` use), to the right values; the templates beside the resolvers give the same values when
 * n8n's expression engine evaluates them (n8n 1.x, the editor, parameters holding expressions); and on an
 * n8n-workflow without the native helpers the descriptions are the same templates alone.
 */
import {
	WEBHOOK_RESOLVERS,
	resolveWebhookDescriptionField,
	webhookDescriptionIsNativelyResolvable,
	type INodeParameters,
	type INodeType,
	type IWebhookDescription,
} from 'n8n-workflow';

import { packageNodes, workflowWith } from '../support/packageNodes';

/** The fields n8n reads from a webhook description per request (2.41 `getNodeWebhooks`, `evaluateResponseOptions`). */
const FIELDS = ['path', 'httpMethod', 'isFullPath', 'restartWebhook', 'responseMode', 'responseCode', 'responseData'] as const;

type Resolved = Partial<Record<(typeof FIELDS)[number], unknown>>;

interface Sample {
	name: string;
	parameters: INodeParameters;
	/** One entry per webhook description, in order. */
	expected: Resolved[];
}

const acknowledged = (path: string, httpMethod: unknown = 'POST'): Resolved => ({
	path,
	httpMethod,
	isFullPath: true,
	responseMode: 'onReceived',
	responseData: '',
});

/** What each trigger's webhooks resolve to. A trigger added to package.json needs its entry here. */
const SAMPLES: Record<string, Sample[]> = {
	M8ComLookupTrigger: [
		{ name: 'defaults', parameters: {}, expected: [{ path: 'm8com/lookup', httpMethod: 'GET', isFullPath: true, responseMode: 'responseNode' }] },
		{
			name: 'a customer path',
			parameters: { path: 'm8com/lookup/:customerId' },
			expected: [{ path: 'm8com/lookup/:customerId', httpMethod: 'GET', isFullPath: true, responseMode: 'responseNode' }],
		},
		{
			name: 'per copy, a customer path',
			parameters: { urlStyle: 'perCopy', pathAfterId: 'm8com/lookup/:customerId' },
			// A path with :name segments stays full: n8n puts the webhook ID in front of it itself.
			expected: [{ path: 'm8com/lookup/:customerId', httpMethod: 'GET', isFullPath: true, responseMode: 'responseNode' }],
		},
	],
	M8ComCallLogTrigger: [
		{ name: 'defaults', parameters: {}, expected: [acknowledged('m8com/call-log')] },
		{ name: 'a customer path', parameters: { path: 'acme/calls/:customerId' }, expected: [acknowledged('acme/calls/:customerId')] },
		{
			name: 'per copy, a customer path',
			parameters: { urlStyle: 'perCopy', pathAfterId: 'acme/calls/:customerId' },
			expected: [acknowledged('acme/calls/:customerId')],
		},
	],
	M8ComRecordingTrigger: [
		{ name: 'defaults', parameters: {}, expected: [acknowledged('m8com/recordings')] },
		{ name: 'per copy', parameters: { urlStyle: 'perCopy' }, expected: [{ ...acknowledged('m8com/recordings'), isFullPath: false }] },
	],
	WildixTrigger: [
		{ name: 'defaults', parameters: {}, expected: [acknowledged('wildix/events')] },
		{ name: 'another path', parameters: { path: 'pbx/acme' }, expected: [acknowledged('pbx/acme')] },
		{ name: 'per copy', parameters: { urlStyle: 'perCopy', pathAfterId: 'pbx/acme' }, expected: [{ ...acknowledged('pbx/acme'), isFullPath: false }] },
	],
	CallTrackingMetricsTrigger: [
		{ name: 'log data (default)', parameters: {}, expected: [acknowledged('ctm/activities', 'POST')] },
		{ name: 'resource links', parameters: { bodyType: 'resourceLink' }, expected: [acknowledged('ctm/activities', 'POST')] },
		{ name: 'pixels', parameters: { bodyType: 'pixel' }, expected: [acknowledged('ctm/activities', ['GET', 'POST'])] },
		{
			name: 'pixels per copy',
			parameters: { bodyType: 'pixel', urlStyle: 'perCopy', pathAfterId: 'ctm/pixel' },
			expected: [{ ...acknowledged('ctm/pixel', ['GET', 'POST']), isFullPath: false }],
		},
	],
	AutoIdTrigger: [
		{
			name: 'defaults (200)',
			parameters: {},
			expected: [
				{ ...acknowledged('autoid/calls', 'POST'), responseCode: 200 },
				{ ...acknowledged('autoid/calls', 'PUT'), responseCode: 200 },
			],
		},
		{
			name: 'per copy',
			parameters: { urlStyle: 'perCopy', pathAfterId: 'autoid/dealer-7' },
			expected: [
				{ ...acknowledged('autoid/dealer-7', 'POST'), isFullPath: false, responseCode: 200 },
				{ ...acknowledged('autoid/dealer-7', 'PUT'), isFullPath: false, responseCode: 200 },
			],
		},
		{
			name: 'success code 204',
			parameters: { successCode: 204, path: 'autoid/dealer-7' },
			expected: [
				{ ...acknowledged('autoid/dealer-7', 'POST'), responseCode: 204 },
				{ ...acknowledged('autoid/dealer-7', 'PUT'), responseCode: 204 },
			],
		},
	],
};

const triggers = packageNodes().filter(({ nodeType }) => (nodeType.description.webhooks ?? []).length > 0);

/** A field as n8n 2.41 resolves it: natively where a resolver is declared, else the static value as it is. */
function nativeValue(nodeType: INodeType, parameters: INodeParameters, webhook: IWebhookDescription, field: string) {
	const { node } = workflowWith(nodeType, parameters);
	const native = resolveWebhookDescriptionField(node, webhook, field);
	if (native.resolved) return native.value;
	const value = webhook[field];
	if (typeof value === 'string' && value.startsWith('=')) throw new Error(`${field} needs the expression engine`);
	return value;
}

/** A field as n8n's expression engine evaluates it (what n8n 1.x does for every field). */
function engineValue(nodeType: INodeType, parameters: INodeParameters, webhook: IWebhookDescription, field: string) {
	const { workflow, node } = workflowWith(nodeType, parameters);
	return workflow.expression.getSimpleParameterValue(node, webhook[field], 'internal', {});
}

test('every trigger in package.json has samples here', () => {
	expect(triggers.map((t) => t.name).sort()).toEqual(Object.keys(SAMPLES).sort());
});

describe.each(triggers.map((t) => [t.name, t.nodeType] as const))('%s', (name, nodeType) => {
	const webhooks = nodeType.description.webhooks ?? [];

	test('every webhook description is natively resolvable (no expression engine per request on n8n 2.41)', () => {
		for (const webhook of webhooks) expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
	});

	test.each((SAMPLES[name] ?? []).map((sample) => [sample.name, sample] as const))(
		'resolves natively to the right values: %s',
		(_, sample) => {
			expect(webhooks).toHaveLength(sample.expected.length);
			webhooks.forEach((webhook, index) => {
				const resolved = Object.fromEntries(
					Object.keys(sample.expected[index]).map((field) => [field, nativeValue(nodeType, sample.parameters, webhook, field)]),
				);
				expect(resolved).toEqual(sample.expected[index]);
			});
		},
	);

	test.each((SAMPLES[name] ?? []).map((sample) => [sample.name, sample] as const))(
		"n8n's expression engine gives the same values from the templates (n8n 1.x, the editor): %s",
		(_, sample) => {
			for (const webhook of webhooks) {
				for (const field of FIELDS) {
					if (webhook[field] === undefined) continue;
					expect(engineValue(nodeType, sample.parameters, webhook, field)).toEqual(
						nativeValue(nodeType, sample.parameters, webhook, field),
					);
				}
			}
		},
	);

	test('a path written as an expression is left to the expression engine, as n8n does for its own Webhook node', () => {
		const { node } = workflowWith(nodeType, { path: '={{ "hooks/" + "x" }}' });
		for (const webhook of webhooks) expect(resolveWebhookDescriptionField(node, webhook, 'path')).toEqual({ resolved: false });
		const { workflow } = workflowWith(nodeType, { path: '={{ "hooks/" + "x" }}' });
		expect(workflow.expression.getSimpleParameterValue(node, webhooks[0].path, 'internal', {})).toBe('hooks/x');
	});
});

describe('on an n8n-workflow without the native helpers (n8n 1.x)', () => {
	test('every description is the same templates, without resolvers', () => {
		const current = new Map(triggers.map((t) => [t.name, t.nodeType.description.webhooks ?? []]));
		jest.isolateModules(() => {
			jest.doMock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), webhookDescriptionFields: undefined }));
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded again under the mock
			const { packageNodes: reload } = require('../support/packageNodes') as typeof import('../support/packageNodes');
			for (const { name, nodeType } of reload().filter((t) => current.has(t.name))) {
				const webhooks = nodeType.description.webhooks ?? [];
				expect(webhooks.map((webhook) => webhook[WEBHOOK_RESOLVERS])).toEqual(webhooks.map(() => undefined));
				const templatesOnly = (list: IWebhookDescription[] = []) => list.map((webhook) => Object.fromEntries(Object.entries(webhook)));
				expect(templatesOnly(webhooks)).toEqual(templatesOnly(current.get(name)));
			}
		});
		jest.dontMock('n8n-workflow');
	});
});
