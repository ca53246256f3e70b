/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Every trigger in package.json that takes a body declares itself through the seam (lib/n8nWebhookSeam.ts): the
 * pinned version 1 and the hidden raw-body parameter that make n8n leave the body unparsed, and its user options
 * as `settings`. Triggers without a body stay off version 1 for new nodes. No example workflow overrides the
 * raw-body parameter, and no file but the seam spells out the version pin or the raw-body parameter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { resolveWebhookDescriptionField, type INodeType } from 'n8n-workflow';

import { BODY_TRIGGER_VERSION, QUERY_TRIGGER_VERSIONS, RAW_BODY_PROPERTY, SETTINGS_COLLECTION } from '../../lib/n8nWebhookSeam';
import { packageNodes, workflowNode, workflowWith } from '../support/packageNodes';

const ROOT = join(__dirname, '../..');

/** The methods a trigger's webhooks listen on for its default parameters (a list resolves to several). */
function methodsOf(nodeType: INodeType): string[] {
	const node = workflowNode(nodeType);
	return (nodeType.description.webhooks ?? []).flatMap((webhook) => {
		const native = resolveWebhookDescriptionField(node, webhook, 'httpMethod');
		return String(native.resolved ? native.value : webhook.httpMethod).split(',');
	});
}

const triggers = packageNodes().filter(({ nodeType }) => (nodeType.description.webhooks ?? []).length > 0);
/** A trigger takes a body when any of its webhooks listens for more than GET. */
const bodyTriggers = triggers.filter(({ nodeType }) => methodsOf(nodeType).some((method) => method !== 'GET' && method !== 'HEAD'));
const queryTriggers = triggers.filter((trigger) => !bodyTriggers.includes(trigger));

test('the lists come from package.json and hold every trigger of the package', () => {
	expect(bodyTriggers.map((t) => t.name)).toEqual(
		expect.arrayContaining(['M8ComCallLogTrigger', 'M8ComRecordingTrigger', 'WildixTrigger', 'AutoIdTrigger', 'CallTrackingMetricsTrigger']),
	);
	expect(queryTriggers.map((t) => t.name)).toEqual(['M8ComLookupTrigger']);
});

describe.each(bodyTriggers.map((t) => [t.name, t.nodeType] as const))('%s (takes a body)', (_, nodeType) => {
	const { description } = nodeType;

	test('is pinned to the version at which n8n honours the raw-body parameter', () => {
		expect(description.version).toBe(BODY_TRIGGER_VERSION);
		expect(description.defaultVersion).toBeUndefined();
	});

	test('declares the raw-body parameter, and nothing else is named "options"', () => {
		expect(description.properties).toContainEqual(RAW_BODY_PROPERTY);
		expect(description.properties.filter((p) => p.name === 'options')).toEqual([RAW_BODY_PROPERTY]);
	});

	test("n8n's own check (parseRequestBody's expression) finds binaryData true, also with the user's options set", () => {
		for (const parameters of [{}, { settings: { maxAgeMinutes: 5, fetchTimeout: 1000 } }]) {
			const { workflow, node } = workflowWith(nodeType, parameters, 1);
			expect(workflow.expression.getSimpleParameterValue(node, '={{$parameter["options"]["binaryData"]}}', 'webhook', {}, undefined, false)).toBe(true);
		}
	});

	test('keeps its user options in the "settings" collection', () => {
		for (const collection of description.properties.filter((p) => p.type === 'collection')) {
			expect(collection).toMatchObject(SETTINGS_COLLECTION);
		}
	});
});

describe.each(queryTriggers.map((t) => [t.name, t.nodeType] as const))('%s (takes no body)', (_, nodeType) => {
	test('is created at a version other than 1 (n8n evaluates an expression per request at 1), and still loads 1', () => {
		expect(nodeType.description.version).toEqual(QUERY_TRIGGER_VERSIONS.version);
		expect(nodeType.description.defaultVersion).toBe(QUERY_TRIGGER_VERSIONS.defaultVersion);
		expect(nodeType.description.properties).not.toContainEqual(RAW_BODY_PROPERTY);
	});
});

test('no example workflow sets `options` on a body-taking trigger', () => {
	const types = bodyTriggers.map(({ nodeType }) => `n8n-nodes-telephony-webhooks.${nodeType.description.name}`);
	const dir = join(ROOT, 'examples');
	const offenders = readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.flatMap((file) => {
			const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ type: string; name: string; parameters: object }> };
			return workflow.nodes.filter((n) => types.includes(n.type) && 'options' in n.parameters).map((n) => `${file}: ${n.name}`);
		});
	expect(offenders).toEqual([]);
});

test('only the seam spells out the version pin of webhook nodes and the raw-body parameter', () => {
	const shipped = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) return shipped(path);
			return entry.name.endsWith('.ts') ? [path] : [];
		});
	const offenders = ['nodes', 'lib', 'credentials']
		.flatMap((dir) => shipped(join(ROOT, dir)))
		.filter((path) => !path.endsWith(join('lib', 'n8nWebhookSeam.ts')))
		.flatMap((path) => {
			const source = readFileSync(path, 'utf8');
			const webhookNode = /\bwebhooks:/.test(source);
			const hits = [/binaryData/.test(source) && 'binaryData', webhookNode && /\bversion:\s*[[\d]/.test(source) && 'a literal node version'];
			return hits.filter(Boolean).map((hit) => `${relative(ROOT, path)}: ${hit}`);
		});
	expect(offenders).toEqual([]);
});
