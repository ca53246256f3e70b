/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
/**
 * Sends many M8Com call logs (each with its own caller number as a marker) to the example call-log workflow,
 * optionally with lookups running alongside, and accounts for every one: accepted (2xx), executions,
 * CRM activities written, lost and duplicated.
 */
import type { N8nApi } from '../harness/api';
import type { StandInCrm } from '../../examples/standInCrm';
import { CONTACT_CALLED_SUPPORT } from '../fixtures/m8com';
import { percentile, runPool, statusCounts, type Sent } from './load';

/**
 * n8n settings the README recommends when lookups must stay inside M8Com's 3 s while call logs arrive in bulk:
 * n8n 2.41's default expression engine builds a V8 isolate per use (~50 ms CPU each, issue 7's profile), which on
 * 2 cores left uncached lookups behind a call-log burst for more than 3 s; the legacy engine does not.
 */
export const BUSY_LOOKUP_SETTINGS = { N8N_EXPRESSION_ENGINE: 'legacy' };

export interface CallLogLoadOptions {
	api: N8nApi;
	webhookUrl: string;
	secret: string;
	/** Webhook path of the example call-log workflow, and its id. */
	path: string;
	workflowId: string;
	crm: StandInCrm;
	count: number;
	concurrency: number;
	/** Markers are `+4670<prefix><index>`; a prefix per run keeps runs apart. */
	markerPrefix: string;
	/** Runs while the call logs are being sent (a fault, lookups). */
	during?: (progress: () => number) => Promise<unknown>;
	/** How long to wait for the executions after the last answer. */
	settleMs?: number;
}

export interface CallLogLoadFigures {
	sent: number;
	accepted: number;
	statuses: Record<string, number>;
	executions: number;
	executionsFinished: number;
	crmActivities: number;
	lost: number;
	duplicates: number;
	acceptedNotLogged: string[];
	p50Ms: number;
	p99Ms: number;
	seconds: number;
}

export const marker = (prefix: string, index: number) => `+4670${prefix}${String(index).padStart(5, '0')}`;

/** Waits until the workflow has at least `count` finished executions (or the time is up); returns them. */
async function finishedExecutions(api: N8nApi, workflowId: string, count: number, timeoutMs: number) {
	const started = Date.now();
	let all = await api.executions(workflowId);
	while (Date.now() - started < timeoutMs) {
		all = await api.executions(workflowId);
		const finished = all.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
		if (finished.length >= count) return { all, finished };
		await new Promise((r) => setTimeout(r, 1000));
	}
	return { all, finished: all.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting') };
}

export async function runCallLogLoad(options: CallLogLoadOptions): Promise<CallLogLoadFigures & { results: Sent[] }> {
	const { api, crm, count } = options;
	const before = (await api.executions(options.workflowId)).length;
	const postedBefore = crm.posted.length;
	let done = 0;
	const started = Date.now();
	const load = runPool(count, options.concurrency, async (i) => {
		try {
			const res = await fetch(`${options.webhookUrl}/webhook/${options.path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${options.secret}` },
				body: JSON.stringify({ ...CONTACT_CALLED_SUPPORT, fromNumber: marker(options.markerPrefix, i), startTime: 1_700_000_000_000 + i }),
				signal: AbortSignal.timeout(60_000),
			});
			return { status: res.status, body: await res.text() };
		} finally {
			done++;
		}
	});
	const [results] = await Promise.all([load, options.during?.(() => done)]);
	const seconds = (Date.now() - started) / 1000;

	const acceptedMarkers = results.filter((r) => r.status >= 200 && r.status < 300).map((r) => marker(options.markerPrefix, r.index));
	const { all, finished } = await finishedExecutions(api, options.workflowId, before + acceptedMarkers.length, options.settleMs ?? 300_000);
	// Give late executions a moment to show up, so a duplicate run is counted too.
	await new Promise((r) => setTimeout(r, 2000));
	const after = await api.executions(options.workflowId);

	const activities = crm.posted.slice(postedBefore).filter((p) => p.collection === 'activities');
	const perMarker = new Map<string, number>();
	for (const activity of activities) {
		const number = (activity.body as { contactNumber?: string }).contactNumber ?? '';
		perMarker.set(number, (perMarker.get(number) ?? 0) + 1);
	}
	const acceptedNotLogged = acceptedMarkers.filter((m) => !perMarker.has(m));
	const duplicates = [...perMarker.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
	const latencies = results.map((r) => r.ms);
	void all;
	return {
		results,
		sent: count,
		accepted: acceptedMarkers.length,
		statuses: statusCounts(results),
		executions: after.length - before,
		executionsFinished: finished.length - before,
		crmActivities: activities.length,
		lost: acceptedNotLogged.length,
		duplicates,
		acceptedNotLogged: acceptedNotLogged.slice(0, 20),
		p50Ms: Math.round(percentile(latencies, 50)),
		p99Ms: Math.round(percentile(latencies, 99)),
		seconds: Math.round(seconds),
	};
}

/** Sends lookups one after another (`loops` at a time) until `stop()` says so; returns every answer's status and time. */
export async function lookupsUntil(url: string, secret: string, stop: () => boolean, loops = 2): Promise<Sent[]> {
	const all: Sent[] = [];
	const loop = async () => {
		while (!stop()) {
			const started = performance.now();
			try {
				const res = await fetch(`${url}?fromNumber=%2B46701234567`, { headers: { authorization: `Bearer ${secret}` }, signal: AbortSignal.timeout(10_000) });
				all.push({ index: all.length, status: res.status, body: await res.text(), ms: performance.now() - started });
			} catch (error) {
				all.push({ index: all.length, status: 0, body: '', error: String(error), ms: performance.now() - started });
			}
		}
	};
	await Promise.all(Array.from({ length: loops }, loop));
	return all;
}

/** A summary of lookup answers for the figures. */
export function lookupFigures(lookups: Sent[]) {
	const ms = lookups.map((l) => l.ms);
	return {
		lookups: lookups.length,
		statuses: lookups.reduce<Record<string, number>>((all, l) => ({ ...all, [l.status]: (all[l.status] ?? 0) + 1 }), {}),
		p50Ms: Math.round(percentile(ms, 50)),
		p99Ms: Math.round(percentile(ms, 99)),
		maxMs: Math.round(Math.max(...ms)),
		over3s: ms.filter((m) => m >= 3000).length,
	};
}
