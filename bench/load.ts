/** One load round with autocannon (from the npm registry), with exact percentiles from every response time. */
import autocannon from 'autocannon';

export interface RoundResult {
	connections: number;
	durationS: number;
	/** Answers with the expected status and body. non2xx: other statuses; mismatches: 2xx with another body. */
	ok: number;
	requestsPerSecond: number;
	p50: number;
	p95: number;
	p99: number;
	mean: number;
	errors: number;
	timeouts: number;
	non2xx: number;
	mismatches: number;
}

export interface RoundOptions {
	url: string;
	connections: number;
	durationS: number;
	headers: Record<string, string>;
	/** Every answer must be exactly this body (counted as a mismatch otherwise). */
	expectBody: string;
}

/** The value below which `share` of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], share: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
	return sorted[rank];
}

export function median(values: number[]): number {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function loadRound(options: RoundOptions): Promise<RoundResult> {
	const latencies: number[] = [];
	const instance = autocannon({
		url: options.url,
		connections: options.connections,
		duration: options.durationS,
		headers: options.headers,
		expectBody: options.expectBody,
		timeout: 30,
	});
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		if (statusCode === 200) latencies.push(responseTime);
	});
	const result = await instance;
	latencies.sort((a, b) => a - b);
	// autocannon counts a non-2xx answer (e.g. the deadline's 404 fallback) as a wrong body too.
	const wrong2xx = Math.max(0, result.mismatches - result.non2xx);
	const ok = Math.max(0, result['2xx'] - wrong2xx);
	return {
		connections: options.connections,
		durationS: result.duration,
		ok,
		requestsPerSecond: ok / result.duration,
		p50: percentile(latencies, 0.5),
		p95: percentile(latencies, 0.95),
		p99: percentile(latencies, 0.99),
		mean: latencies.reduce((sum, v) => sum + v, 0) / (latencies.length || 1),
		errors: result.errors,
		timeouts: result.timeouts,
		non2xx: result.non2xx,
		mismatches: wrong2xx,
	};
}
