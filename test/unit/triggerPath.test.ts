/**
 * Which URL each trigger serves (lib/n8nWebhookSeam.ts: `urlStyle`, `path`, `pathAfterId`; docs/development.md
 * "Webhook URLs"): every branch of the path resolution, the URL n8n builds from it (n8n-workflow's own
 * `NodeHelpers.getNodeWebhookPath`, what 2.41 `webhook.service.js` `getNodeWebhooks` registers, and
 * `getNodeWebhookUrl`, what the editor's webhook URL panel shows), what n8n saves, and what n8n's Duplicate does
 * to a saved trigger.
 */
import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookDescription,
} from 'n8n-workflow';

import { FULL_PATH_FIELD, PATH_FIELD, readTriggerPath, resolveTriggerPath } from '../../lib/n8nWebhookSeam';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';
import { packageNodes } from '../support/packageNodes';
import { webhookContext, workflowWith } from './webhookContext';

const triggers = packageNodes().filter(({ nodeType }) => (nodeType.description.webhooks ?? []).length > 0);
const WEBHOOK_ID = '5b6e3c1a-0000-4000-8000-00000000c0de';

describe('resolveTriggerPath', () => {
	test('no style (a workflow saved before the parameter existed, or the default): the path as typed', () => {
		expect(resolveTriggerPath({ path: 'm8com/lookup' })).toBe('m8com/lookup');
		expect(resolveTriggerPath({ path: 'm8com/lookup', pathAfterId: 'ignored' })).toBe('m8com/lookup');
	});
	test('exact path: the path as typed', () => {
		expect(resolveTriggerPath({ urlStyle: 'exactPath', path: 'acme/lookup', pathAfterId: 'ignored' })).toBe('acme/lookup');
	});
	test('per copy: the path after the webhook ID', () => {
		expect(resolveTriggerPath({ urlStyle: 'perCopy', path: 'ignored', pathAfterId: 'm8com/lookup/:customerId' })).toBe('m8com/lookup/:customerId');
	});
	test('a style it does not know: the path as typed, as n8n treats the path as full', () => {
		expect(resolveTriggerPath({ urlStyle: 'other', path: 'acme/lookup' })).toBe('acme/lookup');
		expect(FULL_PATH_FIELD.resolve({ urlStyle: 'other' })).toBe(true);
	});
	test('missing parameters resolve to undefined (n8n then logs "No webhook path" and registers nothing)', () => {
		expect(resolveTriggerPath({})).toBeUndefined();
		expect(resolveTriggerPath({ urlStyle: 'perCopy' })).toBeUndefined();
	});
	test('isFullPath is true unless per copy without :name segments (n8n prefixes those with the webhook ID itself)', () => {
		expect(FULL_PATH_FIELD.resolve({})).toBe(true);
		expect(FULL_PATH_FIELD.resolve({ urlStyle: 'exactPath', pathAfterId: 'a/b' })).toBe(true);
		expect(FULL_PATH_FIELD.resolve({ urlStyle: 'perCopy', pathAfterId: 'a/b' })).toBe(false);
		expect(FULL_PATH_FIELD.resolve({ urlStyle: 'perCopy', pathAfterId: 'a/:customerId' })).toBe(true);
		expect(FULL_PATH_FIELD.resolve({ urlStyle: 'perCopy', pathAfterId: ':customerId/a' })).toBe(true);
	});
	test('the path field resolves with the same function', () => {
		expect(PATH_FIELD.resolve).toBe(resolveTriggerPath);
	});
});

/** The path n8n registers for the node (2.41 `getNodeWebhooks` → `NodeHelpers.getNodeWebhookPath`) and the URL the editor shows. */
function served(nodeType: INodeType, parameters: INodeParameters, webhookId: string | null = WEBHOOK_ID) {
	const { node } = workflowWith(nodeType, { parameters });
	const withId: INode = { ...node, webhookId: webhookId ?? undefined };
	const webhook = (nodeType.description.webhooks ?? [])[0] as IWebhookDescription;
	const field = (name: string) => {
		const native = resolveWebhookDescriptionField(withId, webhook, name);
		if (!native.resolved) throw new Error(`${name} is not natively resolvable`);
		return native.value;
	};
	const path = String(field('path'));
	const isFullPath = field('isFullPath') as boolean;
	const stored = NodeHelpers.getNodeWebhookPath('workflow-1', withId, path, isFullPath);
	return {
		// What n8n matches a request against (2.41 webhook.service.js `getWebhookPath`, `findDynamicWebhook`): a
		// path with `:name` segments is stored as it is and matched behind the node's webhook ID.
		registered: stored.includes(':') ? `${String(withId.webhookId)}/${stored}` : stored,
		shown: NodeHelpers.getNodeWebhookUrl('https://n8n.example/webhook', 'workflow-1', withId, path, isFullPath),
	};
}

describe.each(triggers.map((t) => [t.name, t.nodeType] as const))('%s: the URL n8n serves and shows', (_, nodeType) => {
	const defaultPath = String(workflowWith(nodeType).node.parameters.path);

	test('defaults (workflows saved without the parameter keep their URL): /webhook/<default path>', () => {
		expect(served(nodeType, {})).toEqual({ registered: defaultPath, shown: `https://n8n.example/webhook/${defaultPath}` });
	});
	test('exact path: /webhook/<path>, as before', () => {
		expect(served(nodeType, { urlStyle: 'exactPath', path: 'acme/calls' })).toEqual({
			registered: 'acme/calls',
			shown: 'https://n8n.example/webhook/acme/calls',
		});
	});
	test('per copy: /webhook/<webhook ID>/<path>; two copies (two webhook IDs) never share a URL', () => {
		const parameters = { urlStyle: 'perCopy', pathAfterId: 'acme/calls' };
		expect(served(nodeType, parameters)).toEqual({
			registered: `${WEBHOOK_ID}/acme/calls`,
			shown: `https://n8n.example/webhook/${WEBHOOK_ID}/acme/calls`,
		});
		expect(served(nodeType, parameters, 'another-id').registered).not.toBe(served(nodeType, parameters).registered);
	});
	test('per copy with the default path', () => {
		expect(served(nodeType, { urlStyle: 'perCopy' }).registered).toBe(`${WEBHOOK_ID}/${defaultPath}`);
	});
	test('a :customerId segment: under the webhook ID in both styles (n8n registers it as a dynamic path)', () => {
		const exact = served(nodeType, { path: 'm8com/x/:customerId' });
		// n8n stores the path with the node's webhook ID and matches /webhook/<ID>/m8com/x/<value>.
		expect(exact).toEqual({
			registered: `${WEBHOOK_ID}/m8com/x/:customerId`,
			shown: `https://n8n.example/webhook/${WEBHOOK_ID}/m8com/x/:customerId`,
		});
		expect(served(nodeType, { urlStyle: 'perCopy', pathAfterId: 'm8com/x/:customerId' })).toEqual({
			registered: `${WEBHOOK_ID}/m8com/x/:customerId`,
			shown: `https://n8n.example/webhook/${WEBHOOK_ID}/m8com/x/:customerId`,
		});
	});
	test('per copy on a node without a webhook ID (n8n 1.x public API): under the workflow ID and node name, still unique', () => {
		const { registered } = served(nodeType, { urlStyle: 'perCopy', pathAfterId: 'acme' }, null);
		expect(registered).toMatch(/^workflow-1\/.+\/acme$/);
	});

	test('what n8n saves: only the path of the chosen style (the other is hidden, so n8n leaves it out)', () => {
		const { description } = nodeType;
		const { node } = workflowWith(nodeType);
		const saved = (parameters: INodeParameters) =>
			NodeHelpers.getNodeParameters(description.properties, parameters, false, false, node, description) ?? {};
		expect(saved({ urlStyle: 'perCopy', path: 'typed/before', pathAfterId: 'acme/x' })).toMatchObject({ urlStyle: 'perCopy', pathAfterId: 'acme/x' });
		expect(saved({ urlStyle: 'perCopy', path: 'typed/before', pathAfterId: 'acme/x' })).not.toHaveProperty('path');
		expect(saved({ urlStyle: 'exactPath', path: 'acme/x', pathAfterId: 'typed/before' })).not.toHaveProperty('pathAfterId');
		// The default style is not saved: a workflow saved before the style existed reads the same.
		expect(saved({ urlStyle: 'exactPath', path: 'acme/x' })).not.toHaveProperty('urlStyle');
	});

	test("n8n's Duplicate keeps a per-copy path, a :customerId segment included, and gives the copy its own URL", () => {
		const { description } = nodeType;
		const { node } = workflowWith(nodeType);
		const parameters =
			NodeHelpers.getNodeParameters(description.properties, { urlStyle: 'perCopy', pathAfterId: 'm8com/x/:customerId' }, false, false, node, description) ??
			{};
		// n8n 2.41 editor-ui useWorkflowSaving.ts saveAsNewWorkflow (resetWebhookUrls): a new webhook ID, and a
		// `path` parameter the node has saved (not an expression) is replaced with it.
		const duplicate = { webhookId: 'new-id', parameters: { ...parameters } };
		if ('path' in duplicate.parameters && !String(duplicate.parameters.path).startsWith('=')) duplicate.parameters.path = duplicate.webhookId;
		expect(duplicate.parameters).toEqual(parameters);
		expect(served(nodeType, duplicate.parameters, duplicate.webhookId).registered).toBe('new-id/m8com/x/:customerId');
	});
});

describe('readTriggerPath (the path a running trigger was configured with)', () => {
	const lookup = new M8ComLookupTrigger();
	test.each([
		['defaults', {}, 'm8com/lookup'],
		['exact path', { urlStyle: 'exactPath', path: 'acme/lookup' }, 'acme/lookup'],
		['per copy', { urlStyle: 'perCopy', pathAfterId: 'm8com/lookup/:customerId' }, 'm8com/lookup/:customerId'],
	])('%s', (_, parameters, expected) => {
		const { context } = webhookContext(lookup, { method: 'GET' }, { parameters });
		expect(readTriggerPath(context)).toBe(expected);
	});
});
