/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- not shipped: n8n's rules for node code */
/**
 * Burst capacity: M8Com's lookups come in bursts (an incoming call, a search, a call log shown), and it gives up
 * after 3 s. A burst is `size` lookups sent at the same moment; each counts as answered when the client has the
 * right answer (status 200, the expected bytes) within 3 s. With a CRM step of 300 ms: the largest burst among
 * 4, 8, 16, 32, 64 whose lookups are all answered within 3 s (larger ones are not tried after the first miss).
 * With a CRM step of 10 s: the share of a burst of 16 that gets any answer within 3 s (ours: the deadline's
 * fallback; the built-in pair has no deadline and answers after the step).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const M8COM_TIMEOUT_MS = 3000;

/** A CRM stand-in whose only endpoint answers `{"ok":true}` after `?ms=` milliseconds; counts requests in flight. */
export interface StepCrm {
	server: Server;
	baseUrl: string;
	inFlight(): number;
	requests(): number;
	/** Answer every step after this many ms instead (undefined: as asked): to fill a cache while the CRM is fast. */
	override(ms: number | undefined): void;
}

export async function startStepCrm(): Promise<StepCrm> {
	let inFlight = 0;
	let requests = 0;
	let overrideMs: number | undefined;
	const server = createServer((req, res) => {
		const ms = overrideMs ?? Number(new URL(req.url ?? '/', 'http://crm').searchParams.get('ms') ?? 0);
		inFlight++;
		requests++;
		setTimeout(() => {
			inFlight--;
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		}, ms);
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, inFlight: () => inFlight, requests: () => requests, override: (ms) => {
		overrideMs = ms;
	} };
}

export interface BurstResult {
	size: number;
	/** Lookups with the right answer (or, with `anyAnswer`, any answer) within 3 s, as a share of the burst. */
	withinShare: number;
	p50Ms: number;
	maxMs: number;
	statuses: Record<string, number>;
}

/** `size` lookups at once; each one's time from sending to its whole answer at the client. */
export async function sendBurst(options: {
	url: string;
	headers: Record<string, string>;
	size: number;
	expectBody: string;
	/** Count any answer (e.g. the fallback) as answered. */
	anyAnswer?: boolean;
}): Promise<BurstResult> {
	const one = async () => {
		const started = performance.now();
		try {
			const res = await fetch(options.url, { headers: options.headers, signal: AbortSignal.timeout(30_000) });
			const text = await res.text();
			const ms = performance.now() - started;
			const right = res.status === 200 && text === options.expectBody;
			return { ms, status: String(res.status), answered: (options.anyAnswer || right) && ms <= M8COM_TIMEOUT_MS };
		} catch {
			return { ms: performance.now() - started, status: 'error', answered: false };
		}
	};
	const results = await Promise.all(Array.from({ length: options.size }, one));
	const times = results.map((r) => r.ms).sort((a, b) => a - b);
	const statuses: Record<string, number> = {};
	for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
	return {
		size: options.size,
		withinShare: results.filter((r) => r.answered).length / results.length,
		p50Ms: times[Math.floor((times.length - 1) / 2)],
		maxMs: times[times.length - 1],
		statuses,
	};
}

/** Waits until the CRM has nothing in flight (the burst's executions reached their respond node), then a little more. */
export async function settle(crm: StepCrm, maxMs = 30_000): Promise<void> {
	const started = Date.now();
	while (crm.inFlight() > 0 && Date.now() - started < maxMs) await new Promise((r) => setTimeout(r, 100));
	await new Promise((r) => setTimeout(r, 750));
}
