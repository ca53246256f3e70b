/** The workflows the benchmark compares: n8n's built-in pair and ours, answering the same Insights JSON. */
import type { WorkflowJson } from '../test/harness/api';
import { jsonLookupWorkflow } from '../test/support/lookup';

type Credential = { id: string; name: string };

/**
 * n8n's built-in Webhook (v2, GET, answered by "Respond to Webhook") → Respond to Webhook (JSON). With a header
 * credential the Webhook checks `Authorization` itself (the same work our trigger does for the Bearer secret).
 */
export function builtInPair(name: string, path: string, body: string, headerAuth?: Credential): WorkflowJson {
	return {
		name,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: {
					httpMethod: 'GET',
					path,
					responseMode: 'responseNode',
					...(headerAuth ? { authentication: 'headerAuth' } : {}),
					options: {},
				},
				...(headerAuth ? { credentials: { httpHeaderAuth: headerAuth } } : {}),
			},
			{
				name: 'Respond to Webhook',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [220, 0],
				parameters: { respondWith: 'json', responseBody: body, options: {} },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] } },
	};
}

/** M8Com Lookup Trigger → Respond to M8Com Lookup (JSON), the same answer; optionally with the answer cache. */
export function ourPair(name: string, path: string, body: string, credential: Credential, cacheSeconds = 0): WorkflowJson {
	return jsonLookupWorkflow({
		name,
		path,
		credential,
		insightsJson: body,
		triggerOptions: cacheSeconds > 0 ? { cacheSeconds } : {},
	});
}

/** Ours with a CRM step that answers after 10 s (the stand-in CRM's slow number); executions are saved. */
export function slowCrmPair(name: string, path: string, crmBaseUrl: string, credential: Credential): WorkflowJson {
	const workflow = jsonLookupWorkflow({ name, path, credential, crmUrl: `${crmBaseUrl}/customers/acme/insights` });
	return { ...workflow, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' } };
}
