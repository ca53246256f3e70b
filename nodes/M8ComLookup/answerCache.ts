import type { IWebhookResponseData } from 'n8n-workflow';

import type { PreparedAnswer } from '../../lib/responseGuard';
import type { WebhookResponse } from '../../lib/webhookResponse';

/**
 * The lookup trigger's answer cache: repeated lookups are answered from memory, in the webhook process, without
 * running the workflow. Memory of the n8n process that received the lookup: each process (each webhook process
 * in queue mode) keeps its own, and a restart empties it. No timers: an entry expires when it is next met.
 * In queue mode the refresh of a stale answer runs on a worker, and its answer comes back through n8n's relay to
 * the webhook process that served the stale answer, whose cache it fills.
 */

export interface AnswerCacheSettings {
	/** How long an answer is reused; 0 turns the cache off. */
	ttlSeconds: number;
	/** At most this many answers per trigger node; the least recently used goes first. */
	maxEntries: number;
	/** Also reuse no-match answers (404 {}, 204, 200 {}); otherwise only answers with a contact. */
	cacheNoMatch: boolean;
	/**
	 * For this long after an answer's freshness ran out it is still sent at once, and the workflow runs in the
	 * background to refresh it (its answer goes to the cache, not to M8Com); 0 turns this off.
	 */
	staleSeconds: number;
}

export const DEFAULT_CACHE_MAX_ENTRIES = 1000;

/** What identifies one lookup's answer. The workflow and node ids keep two workflows from sharing answers. */
export interface LookupCacheKey {
	workflowId: string;
	nodeId: string;
	/** The trigger's configured path (e.g. `m8com/lookup/:customerId`). */
	path: string;
	/** The values of the path's `:parameters` (the customer id among them). */
	pathParameters: Record<string, unknown>;
	fromNumber: string;
	toNumber?: string;
	/** M8Com's experimental user id, when sent: answers may differ per agent. */
	userId?: string;
}

export function answerCacheKey(key: LookupCacheKey): string {
	const parameters = Object.keys(key.pathParameters)
		.sort()
		.map((name) => [name, key.pathParameters[name]]);
	return JSON.stringify([
		key.workflowId,
		key.nodeId,
		key.path,
		parameters,
		key.fromNumber,
		key.toNumber ?? null,
		key.userId ?? null,
	]);
}

interface Entry {
	answer: PreparedAnswer;
	/** Until then the answer is fresh: sent, nothing else happens. */
	expiresAt: number;
	/** Until then (≥ expiresAt) a stale answer is still sent at once while the workflow refreshes it. */
	staleUntil: number;
	/** When a background refresh of this answer started (one at a time). */
	refreshSince?: number;
}

/** A cached answer and whether it is past its freshness (then it is refreshed behind the scenes). */
export interface CacheHit {
	answer: PreparedAnswer;
	stale: boolean;
}

/** A refresh that has not answered within this time (a failed or hung execution) no longer blocks the next one. */
export const REFRESH_CLAIM_MS = 30_000;

/** A bounded map of answers, least recently used first, each with its expiry times. */
export class AnswerCache {
	private readonly entries = new Map<string, Entry>();

	constructor(public maxEntries: number) {}

	get size(): number {
		return this.entries.size;
	}

	/** The answer while it is fresh, else undefined. */
	get(key: string, nowMs: number): PreparedAnswer | undefined {
		const hit = this.lookup(key, nowMs);
		return hit && !hit.stale ? hit.answer : undefined;
	}

	/** The answer while fresh or within its stale time; an entry past both is removed. */
	lookup(key: string, nowMs: number): CacheHit | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		this.entries.delete(key);
		if (entry.staleUntil <= nowMs && entry.expiresAt <= nowMs) return undefined;
		this.entries.set(key, entry);
		return { answer: entry.answer, stale: entry.expiresAt <= nowMs };
	}

	/**
	 * Whether the caller may start the refresh of a stale answer: true for the first caller, then false until
	 * the refresh stored a new answer or {@link REFRESH_CLAIM_MS} passed.
	 */
	claimRefresh(key: string, nowMs: number): boolean {
		const entry = this.entries.get(key);
		if (!entry) return false;
		if (entry.refreshSince !== undefined && nowMs - entry.refreshSince < REFRESH_CLAIM_MS) return false;
		entry.refreshSince = nowMs;
		return true;
	}

	set(key: string, answer: PreparedAnswer, expiresAt: number, staleUntil = expiresAt): void {
		this.entries.delete(key);
		this.entries.set(key, { answer, expiresAt, staleUntil: Math.max(staleUntil, expiresAt) });
		for (const oldest of this.entries.keys()) {
			if (this.entries.size <= this.maxEntries) break;
			this.entries.delete(oldest);
		}
	}
}

/** One cache per trigger node (workflow id + node id) in this process. */
const cachesByNode = new Map<string, AnswerCache>();

export function answerCacheFor(workflowId: string, nodeId: string, maxEntries: number): AnswerCache {
	const id = JSON.stringify([workflowId, nodeId]);
	let cache = cachesByNode.get(id);
	if (!cache) {
		cache = new AnswerCache(maxEntries);
		cachesByNode.set(id, cache);
	}
	cache.maxEntries = maxEntries;
	return cache;
}

/** Empties every cache of this process (for tests). */
export function clearAnswerCaches(): void {
	cachesByNode.clear();
}

function displayNameOf(body: Buffer): unknown {
	try {
		const json: unknown = JSON.parse(body.toString('utf8'));
		return typeof json === 'object' && json !== null ? (json as { displayName?: unknown }).displayName : undefined;
	} catch {
		return undefined;
	}
}

/** A real contact answer is a 200 whose JSON has a display name. */
export function isContactAnswer(answer: PreparedAnswer): boolean {
	const displayName = answer.statusCode === 200 ? displayNameOf(answer.body) : undefined;
	return typeof displayName === 'string' && displayName.trim() !== '';
}

const NO_MATCH_STATUSES = new Set([200, 204, 404]);

/** Contact answers always; no-match answers only when the user opted in; anything else (errors) never. */
export function isCacheable(answer: PreparedAnswer, cacheNoMatch: boolean): boolean {
	if (isContactAnswer(answer)) return true;
	return cacheNoMatch && NO_MATCH_STATUSES.has(answer.statusCode);
}

/** Answers a lookup from the cache; tells n8n the response is sent, so no execution starts. */
export function sendCachedAnswer(res: WebhookResponse, answer: PreparedAnswer): IWebhookResponseData {
	if (!res.headersSent) {
		res.writeHead(answer.statusCode, { ...answer.headers, 'content-length': answer.body.length });
		res.end(answer.body);
	}
	return { noWebhookResponse: true };
}
