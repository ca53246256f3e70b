/** A small load generator for tests that must know the fate of every single request (autocannon cannot). */

export interface Sent {
	index: number;
	/** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
	status: number;
	ms: number;
	body: string;
	error?: string;
}

/** Runs `send(i)` for i = 0…count-1 with at most `concurrency` in flight; every result is kept, in order. */
export async function runPool(count: number, concurrency: number, send: (index: number) => Promise<Omit<Sent, 'index' | 'ms'>>): Promise<Sent[]> {
	const results: Sent[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			const started = performance.now();
			try {
				results[index] = { index, ...(await send(index)), ms: performance.now() - started };
			} catch (error) {
				results[index] = { index, status: 0, body: '', error: String((error as { cause?: unknown }).cause ?? error), ms: performance.now() - started };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}

/** fetch with a timeout; the answer's status and text. */
export async function send(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
	const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) });
	return { status: res.status, body: await res.text() };
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Counts of each status: { "200": 990, "0": 10 }. */
export function statusCounts(results: Sent[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}
