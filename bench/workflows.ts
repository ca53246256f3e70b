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

/** A CRM step without expressions: an HTTP Request to the bench's step CRM, which answers after `ms`. */
function crmStep(crmBaseUrl: string, ms: number) {
	return {
		name: 'CRM Step',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: { url: `${crmBaseUrl}/step?ms=${ms}`, options: { timeout: 30_000 } },
	};
}

/** The built-in pair with a CRM step between the Webhook and Respond to Webhook. */
export function builtInStepPair(name: string, path: string, body: string, crmBaseUrl: string, ms: number, headerAuth?: Credential): WorkflowJson {
	const pair = builtInPair(name, path, body, headerAuth);
	const [webhook, respond] = pair.nodes as Array<{ name: string; position: number[] }>;
	respond.position = [440, 0];
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return { ...pair, nodes: [webhook, crmStep(crmBaseUrl, ms), respond], connections: { [webhook.name]: to('CRM Step'), 'CRM Step': to(respond.name) } };
}

/** Our pair with the same CRM step; `triggerOptions` for the cache and stale-while-refresh variants. */
export function ourStepPair(
	name: string,
	path: string,
	body: string,
	crmBaseUrl: string,
	ms: number,
	credential: Credential,
	triggerOptions: Record<string, unknown> = {},
): WorkflowJson {
	const pair = jsonLookupWorkflow({ name, path, credential, insightsJson: body, triggerOptions });
	const [trigger, respond] = pair.nodes as Array<{ name: string; position: number[] }>;
	respond.position = [440, 0];
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return { ...pair, nodes: [trigger, crmStep(crmBaseUrl, ms), respond], connections: { [trigger.name]: to('CRM Step'), 'CRM Step': to(respond.name) } };
}
