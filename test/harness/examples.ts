/* eslint-disable @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/** Loads an example workflow from examples/ and points it at a given CRM and credentials. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from './api';
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
