/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/** Finding executions by a marker: a value (a phone number, an id) that only one request of a test carries. */
import type { Execution, N8nApi } from '../harness/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const carries = (execution: Execution, marker: string) => JSON.stringify(execution.data ?? {}).includes(marker);

/** Waits until `count` finished executions of the workflow carry the marker, and returns them. */
/** The first finished execution of the workflow that carries the marker. */
export async function executionWith(api: N8nApi, workflowId: string, marker: string, timeoutMs = 30_000): Promise<Execution> {
	const [execution] = await executionsWith(api, workflowId, marker, 1, timeoutMs);
	return execution;
}

export async function executionsWith(api: N8nApi, workflowId: string, marker: string, count = 1, timeoutMs = 30_000): Promise<Execution[]> {
	const started = Date.now();
	let found: Execution[] = [];
	while (Date.now() - started < timeoutMs) {
		const executions = await api.executions(workflowId, true);
		found = executions.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting' && carries(e, marker));
		if (found.length >= count) return found;
		await sleep(300);
	}
	throw new Error(`Expected ${count} finished executions of workflow ${workflowId} carrying ${marker}, found ${found.length}`);
}

/**
 * Asserts that no execution of the workflow ever saw the marker (a value only a rejected request carried).
 * Counting executions instead would race with earlier tests' executions still being saved.
 */
export async function expectNoExecutionWith(api: N8nApi, workflowId: string, marker: string): Promise<void> {
	await sleep(1500);
	const executions = await api.executions(workflowId, true);
	expect(executions.filter((e) => carries(e, marker)).map((e) => e.id)).toEqual([]);
}

/** The first output item of a node in an execution, with its binary data's metadata. */
export function nodeItem(execution: Execution, nodeName: string): { json: Record<string, unknown>; binary?: Record<string, Record<string, unknown>> } | undefined {
	const runs = execution.data?.resultData.runData[nodeName] as unknown as
		| Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, Record<string, unknown>> }>> } }>
		| undefined;
	return runs?.[0]?.data?.main[0]?.[0];
}
