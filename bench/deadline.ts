/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * The deadline under a slow CRM: lookups whose CRM step takes 10 s must all be answered (with the fallback)
 * within M8Com's 3 s, and the fallback must leave at the trigger's deadline. The client measures the total
 * time; the execution's `receivedAt` (set when the trigger ran) gives the time from the trigger to the answer.
 */
import type { N8nApi } from '../test/harness/api';
import { nodeOutput } from '../test/harness/api';

export const M8COM_TIMEOUT_MS = 3000;
export const DEFAULT_DEADLINE_MS = 2000;

export interface DeadlineBurst {
	concurrency: number;
	lookups: number;
	/** Share of lookups answered within 3 s (client time). */
	withinTimeoutShare: number;
	clientMs: { p50: number; max: number };
	/** Time from the trigger running to the fallback reaching the client, minus the deadline. */
	offsetFromDeadlineMs: { min: number; max: number };
	statuses: Record<string, number>;
}

interface Sent {
	toNumber: string;
	status: number;
	elapsedMs: number;
	answeredAt: number;
}

async function send(url: string, secret: string, toNumber: string): Promise<Sent> {
	const started = Date.now();
	const res = await fetch(`${url}?${new URLSearchParams({ fromNumber: '+46700000010', toNumber })}`, {
		headers: { authorization: `Bearer ${secret}` },
	});
	await res.arrayBuffer();
	const answeredAt = Date.now();
	return { toNumber, status: res.status, elapsedMs: answeredAt - started, answeredAt };
}

/** `lookups` lookups, `concurrency` at a time, each with a toNumber of its own to find its execution. */
export async function deadlineBurst(options: {
	api: N8nApi;
	workflowId: string;
	url: string;
	secret: string;
	concurrency: number;
	lookups: number;
	tag: string;
	deadlineMs?: number;
}): Promise<DeadlineBurst> {
	const numbers = Array.from({ length: options.lookups }, (_, i) => `+4681${options.tag}${String(i).padStart(4, '0')}`);
	const sent: Sent[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: options.concurrency }, async () => {
			while (next < numbers.length) sent.push(await send(options.url, options.secret, numbers[next++]));
		}),
	);

	// The workflows go on until the CRM answers (10 s); their trigger items say when the trigger ran.
	const wanted = new Set(numbers);
	const receivedAt = new Map<string, number>();
	const started = Date.now();
	while (receivedAt.size < wanted.size && Date.now() - started < 60_000) {
		for (const execution of await options.api.executions(options.workflowId, true)) {
			const item = nodeOutput(execution, 'M8Com Lookup Trigger');
			if (item && wanted.has(item.toNumber as string)) receivedAt.set(item.toNumber as string, Date.parse(item.receivedAt as string));
		}
		if (receivedAt.size < wanted.size) await new Promise((r) => setTimeout(r, 1000));
	}

	const deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
	const offsets = sent
		.filter((s) => receivedAt.has(s.toNumber))
		.map((s) => s.answeredAt - (receivedAt.get(s.toNumber) as number) - deadline);
	const elapsed = sent.map((s) => s.elapsedMs).sort((a, b) => a - b);
	const statuses: Record<string, number> = {};
	for (const s of sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
	return {
		concurrency: options.concurrency,
		lookups: sent.length,
		withinTimeoutShare: sent.filter((s) => s.elapsedMs < M8COM_TIMEOUT_MS).length / sent.length,
		clientMs: { p50: elapsed[Math.floor((elapsed.length - 1) / 2)], max: elapsed[elapsed.length - 1] },
		offsetFromDeadlineMs: { min: Math.min(...offsets), max: Math.max(...offsets) },
		statuses,
	};
}
