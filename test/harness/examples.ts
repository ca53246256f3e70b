/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** Loads an example workflow from examples/ and points it at a given CRM and credentials. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { servedPath, type WorkflowJson } from './api';
import { REPO_DIR } from './n8n';

export const EXAMPLE_CRM_BASE_URL = 'http://127.0.0.1:5680';

export interface ExampleBindings {
	crmBaseUrl?: string;
	credentials: Record<string, { id: string; name: string }>;
}

export function loadExample(file: string, bindings: ExampleBindings): WorkflowJson {
	let text = readFileSync(join(REPO_DIR, 'examples', file), 'utf8');
	if (bindings.crmBaseUrl) text = text.split(EXAMPLE_CRM_BASE_URL).join(bindings.crmBaseUrl);
	const workflow = JSON.parse(text) as WorkflowJson;
	for (const node of workflow.nodes) {
		const credentials = node.credentials as Record<string, unknown> | undefined;
		if (credentials) {
			for (const type of Object.keys(credentials)) {
				if (bindings.credentials[type]) credentials[type] = bindings.credentials[type];
			}
		}
	}
	return workflow;
}

/**
 * The workflow with its trigger serving the exact path `path` (`urlStyle: exactPath`), for a test variant of an
 * example that must not share the example's URL and is addressed by a fixed path.
 */
export function withExactPath(workflow: WorkflowJson, path: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const trigger = copy.nodes.find((node) => String(node.type).startsWith('n8n-nodes-telephony-webhooks.') && servedPath(node) !== undefined);
	if (!trigger) throw new Error(`${workflow.name} has no trigger of this package`);
	const parameters: Record<string, unknown> = { ...(trigger.parameters as Record<string, unknown>), urlStyle: 'exactPath', path };
	delete parameters.pathAfterId;
	trigger.parameters = parameters;
	return copy;
}
