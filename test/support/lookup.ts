/** Builders and a client for M8Com lookup workflows in the e2e tests. */
import type { WorkflowJson } from '../harness/api';
import { M8COM_SECRET } from '../harness/state';
import { QUERY_TRIGGER_VERSIONS } from '../../lib/n8nWebhookSeam';

export const PKG = 'n8n-nodes-telephony-webhooks';

export interface LookupResponse {
	status: number;
	body: string;
	json: unknown;
	headers: Headers;
	elapsedMs: number;
}

/** Sends a lookup as M8Com does: GET with the query string and the Bearer secret. */
export async function lookup(
	url: string,
	query: Record<string, string>,
	authorization: string | null = `Bearer ${M8COM_SECRET}`,
): Promise<LookupResponse> {
	const started = Date.now();
	const res = await fetch(`${url}?${new URLSearchParams(query)}`, {
		headers: authorization === null ? {} : { authorization },
	});
	const body = await res.text();
	let json: unknown;
	try {
		json = body ? JSON.parse(body) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, body, json, headers: res.headers, elapsedMs: Date.now() - started };
}

export interface JsonLookupOptions {
	name: string;
	path: string;
	/** The CRM's Insights URL; without it the trigger is connected straight to the respond node. */
	crmUrl?: string;
	/** The respond node's Insights JSON (default `={{ $json }}`, the CRM's answer). */
	insightsJson?: string;
	credential: { id: string; name: string };
	onInvalidData?: 'drop' | 'fail';
	crmTimeoutMs?: number;
	triggerOptions?: Record<string, unknown>;
}

/**
 * Lookup Trigger → HTTP Request (the CRM's ready Insights JSON) → Respond to M8Com Lookup in JSON mode; without
 * `crmUrl`, Lookup Trigger → Respond to M8Com Lookup (e.g. with a fixed `insightsJson`, as the benchmark uses).
 */
export function jsonLookupWorkflow(options: JsonLookupOptions): WorkflowJson {
	const trigger = {
		name: 'M8Com Lookup Trigger',
		type: `${PKG}.m8ComLookupTrigger`,
		typeVersion: QUERY_TRIGGER_VERSIONS.defaultVersion,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { path: options.path, defaultCountry: 'SE', options: options.triggerOptions ?? {} },
		credentials: { m8ComWebhookApi: options.credential },
	};
	const crm = options.crmUrl && {
		name: 'CRM Insights',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: {
			url: options.crmUrl,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'phone', value: '={{ $json.fromNumber }}' }] },
			options: { timeout: options.crmTimeoutMs ?? 15_000 },
		},
	};
	const respond = {
		name: 'Respond to M8Com Lookup',
		type: `${PKG}.respondToM8ComLookup`,
		typeVersion: 1,
		position: [440, 0],
		parameters: {
			respondWith: 'json',
			insightsJson: options.insightsJson ?? '={{ $json }}',
			onInvalidData: options.onInvalidData ?? 'drop',
		},
	};
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		name: options.name,
		nodes: crm ? [trigger, crm, respond] : [trigger, respond],
		connections: crm
			? { [trigger.name]: to(crm.name), [crm.name]: to(respond.name) }
			: { [trigger.name]: to(respond.name) },
	};
}
