/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/** A small client for n8n's public API (X-N8N-API-KEY), enough to set up and inspect test workflows. */
import { randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { resolveTriggerPath } from '../../lib/n8nWebhookSeam';
import { OWNER, type N8nInstance } from './n8n';
import { differencesFor } from './n8nVersions';

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	/** Pinned sample data by node name (the examples carry it on their trigger; only manual runs use it). */
	pinData?: Record<string, unknown>;
}

export interface Execution {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: unknown }>>;
			error?: { message: string };
		};
	};
}

export class N8nApi {
	private session: Promise<string> | undefined;

	constructor(
		private readonly instance: Pick<N8nInstance, 'baseUrl' | 'apiKey' | 'webhookUrl' | 'n8nVersion'> & { ownerCookie?: string },
	) {}

	/**
	 * The owner's editor session: the one global setup made (E2eState.ownerCookie), else one login per client.
	 * Shared because n8n 1.x allows 5 logins a minute (express-rate-limit's default on /rest/login).
	 */
	async ownerCookie(): Promise<string> {
		if (this.instance.ownerCookie) return this.instance.ownerCookie;
		this.session ??= ownerSession(this.instance.baseUrl);
		return await this.session;
	}

	async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.instance.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.instance.apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		if (differencesFor(this.instance.n8nVersion).credentialRoute === 'editorRest') {
			const res = await fetch(`${this.instance.baseUrl}/rest/credentials`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: await this.ownerCookie() },
				body: JSON.stringify({ name, type, data }),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`POST /rest/credentials → ${res.status}: ${text}`);
			const created = (JSON.parse(text) as { data: { id: string; name: string } }).data;
			return { id: created.id, name: created.name };
		}
		const created = await this.request<{ id: string; name: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/**
	 * Creates the workflow. Pinned data is left out unless asked for: the tests drive production webhooks, which
	 * never use it, and n8n 1.x's public API refuses the field.
	 */
	async createWorkflow(workflow: WorkflowJson, options: { withPinData?: boolean } = {}): Promise<string> {
		const { name, connections } = workflow;
		const nodes = differencesFor(this.instance.n8nVersion).apiAssignsWebhookIds
			? workflow.nodes
			: workflow.nodes.map((node) => (isPackageTrigger(node) && !node.webhookId ? { ...node, webhookId: randomUUID() } : node));
		const created = await this.request<{ id: string }>('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
			...(options.withPinData && workflow.pinData ? { pinData: workflow.pinData } : {}),
		});
		return created.id;
	}

	async activate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/activate`);
	}

	/** Replaces a credential's data (n8n 2.x public API; a rotated secret, for instance). */
	async updateCredential(id: string, type: string, data: Record<string, unknown>): Promise<void> {
		await this.request('PATCH', `/credentials/${id}`, { type, data });
	}

	/**
	 * Activates a workflow that n8n should refuse and returns n8n's reason. n8n 1.x refuses in the activate call;
	 * n8n 2.41.1 publishes through an outbox by default (`N8N_USE_WORKFLOW_PUBLICATION_SERVICE`,
	 * `workflow.service.js` `_publishViaOutbox`), so the call succeeds and the refusal arrives later as a failed
	 * trigger in the workflow's publication status (`GET /rest/workflows/:id/publication-status`, what the editor
	 * shows; `publication-status-reporter.js`), or as its activation error (`/rest/active-workflows/error/:id`).
	 */
	async activationRefusal(workflowId: string, timeoutMs = 20_000): Promise<string | null> {
		try {
			await this.activate(workflowId);
		} catch (error) {
			return (error as Error).message;
		}
		const read = async (path: string) => {
			const res = await fetch(`${this.instance.baseUrl}/rest${path}`, { headers: { cookie: await this.ownerCookie() } });
			return res.ok ? ((await res.json().catch(() => ({}))) as { data?: unknown }).data : undefined;
		};
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const status = (await read(`/workflows/${workflowId}/publication-status`)) as { triggers?: Array<{ status?: string; errorMessage?: string | null }> } | undefined;
			const failed = status?.triggers?.find((trigger) => trigger.status === 'failed' && trigger.errorMessage);
			if (failed?.errorMessage) return failed.errorMessage;
			const activationError = await read(`/active-workflows/error/${workflowId}`);
			if (typeof activationError === 'string' && activationError) return activationError;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return null;
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/deactivate`);
	}

	/**
	 * Creates and activates a workflow, then waits until n8n serves each of its webhook paths at webhookBaseUrl:
	 * n8n 2.41 registers webhooks shortly after the activate call returns, not before. The paths are read from the
	 * workflow as n8n stored it: n8n gives a trigger without a webhook ID one when it creates the workflow (2.41
	 * `workflow-creation.service.js` → `WorkflowHelpers.resolveNodeWebhookIds`), and per-copy URLs start with it.
	 */
	async createActiveWorkflow(workflow: WorkflowJson, webhookBaseUrl?: string, options: { withPinData?: boolean } = {}): Promise<string> {
		const id = await this.createWorkflow(workflow, options);
		await this.activate(id);
		for (const path of webhookPaths(await this.workflow(id))) {
			await waitForWebhook(`${webhookBaseUrl ?? this.instance.webhookUrl}/webhook/${fillPath(path)}`);
		}
		return id;
	}

	/** The workflow as n8n stored it. */
	async workflow(workflowId: string): Promise<WorkflowJson & { id: string; active: boolean }> {
		return await this.request('GET', `/workflows/${workflowId}`);
	}

	/**
	 * The path (after /webhook/) the workflow's trigger of this package serves, `:name` segments left in (fill them
	 * with {@link fillPath}); the trigger named `nodeName`, or the only one.
	 */
	async triggerPath(workflowId: string, nodeName?: string): Promise<string> {
		const stored = await this.workflow(workflowId);
		const nodes = stored.nodes.filter((node) => isPackageTrigger(node) && (nodeName === undefined || node.name === nodeName));
		if (nodes.length !== 1) throw new Error(`Workflow ${workflowId} has ${nodes.length} matching triggers`);
		return servedPath(nodes[0]) as string;
	}

	/** Retries an execution from its saved data (n8n's own recovery for a crashed or failed execution). */
	async retry(executionId: string): Promise<string> {
		const retried = await this.request<{ id: string }>('POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
		return retried.id;
	}

	async executions(workflowId: string, includeData = false): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ workflowId, limit: '250', includeData: String(includeData) });
			if (cursor) query.set('cursor', cursor);
			const page = await this.request<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Waits until the workflow has `count` executions that are no longer running, and returns them. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<Execution[]> {
		const started = Date.now();
		let last: Execution[] = [];
		while (Date.now() - started < timeoutMs) {
			last = (await this.executions(workflowId, true)).filter((e) => e.status !== 'running' && e.status !== 'new');
			if (last.length >= count) return last;
			await new Promise((r) => setTimeout(r, 300));
		}
		throw new Error(`Expected ${count} finished executions of workflow ${workflowId}, found ${last.length}`);
	}
}

const isPackageTrigger = (node: Record<string, unknown>) =>
	String(node.type).startsWith('n8n-nodes-telephony-webhooks.') && resolveTriggerPath((node.parameters ?? {}) as INodeParameters) !== undefined;

/** Logs the owner in (n8n's REST API, as the editor does) and returns the session cookie. */
export async function ownerSession(baseUrl: string): Promise<string> {
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`Login failed: ${login.status} ${await login.text()}`);
	return (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
}

/**
 * The path (after /webhook/) n8n serves for one of this package's triggers, as n8n builds it (2.41
 * `NodeHelpers.getNodeWebhookUrl`): per copy (`urlStyle: perCopy`) and for a path with `:name` segments, the node's
 * webhook ID comes first; otherwise the path as typed. Undefined for other nodes.
 */
export function servedPath(node: Record<string, unknown>): string | undefined {
	if (!String(node.type).startsWith('n8n-nodes-telephony-webhooks.')) return undefined;
	const parameters = (node.parameters ?? {}) as INodeParameters;
	const path = resolveTriggerPath(parameters);
	if (typeof path !== 'string') return undefined;
	const trimmed = path.replace(/^\/+|\/+$/g, '');
	const underId = parameters.urlStyle === 'perCopy' || trimmed.startsWith(':') || trimmed.includes('/:');
	return underId ? `${String(node.webhookId)}/${trimmed}` : trimmed;
}

/** A served path with its `:name` segments filled: from `values`, else with "sample". */
export function fillPath(path: string, values: Record<string, string> = {}): string {
	return path.replace(/:([^/]+)/g, (_, name: string) => values[name] ?? 'sample');
}

/** The paths (after /webhook/, `:name` segments left in) this package's triggers in a workflow serve. */
export function webhookPaths(workflow: WorkflowJson): string[] {
	return workflow.nodes.map(servedPath).filter((path): path is string => path !== undefined);
}

/**
 * Waits until n8n serves one of this package's trigger URLs. The probe is a GET without credentials: a GET
 * trigger refuses it (401) and n8n answers a POST-only one with 404 "This webhook is not registered for GET
 * requests. Did you mean to make a POST request?"; neither starts an execution. Before registration n8n
 * answers 404 'The requested webhook "GET …" is not registered.'
 */
export async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<void> {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		const res = await fetch(url, { method: 'GET' });
		const body = await res.text();
		if (!(res.status === 404 && body.includes('The requested webhook'))) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`The webhook ${url} was not registered within ${timeoutMs} ms`);
}

/** The first output item of a node in an execution's run data. */
export function nodeOutput(execution: Execution, nodeName: string): Record<string, unknown> | undefined {
	return execution.data?.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0]?.json;
}
