/** The webhook path is read natively by n8n 2.41 (no expression engine per request), with the same template. */
import type { INode } from 'n8n-workflow';
import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';

import { PATH_FROM_PARAMETER, pathFromParameter } from '../../lib/webhookPath';
import { M8ComLookupTrigger } from '../../nodes/M8ComLookup/M8ComLookupTrigger.node';

const node = (path: string): INode => ({
	id: 'n1',
	name: 'Trigger',
	type: 'n8n-nodes-telephony-webhooks.m8ComLookupTrigger',
	typeVersion: 1.1,
	position: [0, 0],
	parameters: { path, options: {} },
});

describe('pathFromParameter', () => {
	const description = { name: 'default', httpMethod: 'GET', isFullPath: true, ...pathFromParameter() };

	test('the editor sees the same expression as before', () => {
		expect(description.path).toBe(PATH_FROM_PARAMETER);
	});

	test('n8n reads a static path straight from the parameters', () => {
		expect(resolveWebhookDescriptionField(node('m8com/lookup/:customerId'), description as never, 'path')).toEqual({
			resolved: true,
			value: 'm8com/lookup/:customerId',
		});
	});

	test('a path written as an expression is still evaluated by n8n', () => {
		expect(resolveWebhookDescriptionField(node('={{ "m8com/" + $env.X }}'), description as never, 'path')).toEqual({ resolved: false });
	});

	test("the lookup trigger's webhook needs no expression engine to be resolved", () => {
		const [webhook] = new M8ComLookupTrigger().description.webhooks ?? [];
		expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
	});

	test('new lookup triggers are created at version 1.1, which n8n does not treat like its Webhook v1', () => {
		const { version, defaultVersion } = new M8ComLookupTrigger().description;
		expect(version).toEqual([1, 1.1]);
		expect(defaultVersion).toBe(1.1);
	});
});
