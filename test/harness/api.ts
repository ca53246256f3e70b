/** A small client for n8n's public API (X-N8N-API-KEY), enough to set up and inspect test workflows. */
import type { N8nInstance } from './n8n';

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
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
	constructor(private readonly instance: Pick<N8nInstance, 'baseUrl' | 'apiKey'>) {}

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
		const created = await this.request<{ id: string; name: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	async createWorkflow(workflow: WorkflowJson): Promise<string> {
		const { name, nodes, connections } = workflow;
		const created = await this.request<{ id: string }>('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		});
		return created.id;
	}

	async activate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.request('POST', `/workflows/${workflowId}/deactivate`);
	}

	async createActiveWorkflow(workflow: WorkflowJson): Promise<string> {
		const id = await this.createWorkflow(workflow);
		await this.activate(id);
		return id;
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

/** The first output item of a node in an execution's run data. */
export function nodeOutput(execution: Execution, nodeName: string): Record<string, unknown> | undefined {
	return execution.data?.resultData.runData[nodeName]?.[0]?.data?.main[0]?.[0]?.json;
}
