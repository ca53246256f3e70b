/** Minimal workflows around one trigger, for tests that only care about what the trigger lets through. */
import { randomUUID } from 'node:crypto';

import type { WorkflowJson } from '../harness/api';
import { BODY_TRIGGER_VERSION } from '../../lib/n8nWebhookSeam';

export const PKG = 'n8n-nodes-telephony-webhooks';

/** Trigger → a final node (n8n's No Operation by default, or any node given). */
export function triggerWorkflow(options: {
	name: string;
	nodeType: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	next?: { type: string; typeVersion?: number; parameters?: Record<string, unknown> };
}): WorkflowJson {
	const next = options.next ?? { type: 'n8n-nodes-base.noOp', parameters: {} };
	return {
		name: options.name,
		nodes: [
			{
				name: 'Trigger',
				type: `${PKG}.${options.nodeType}`,
				typeVersion: BODY_TRIGGER_VERSION,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: options.parameters,
				credentials: options.credentials,
			},
			{ name: 'Next', type: next.type, typeVersion: next.typeVersion ?? 1, position: [220, 0], parameters: next.parameters ?? {} },
		],
		connections: { Trigger: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
