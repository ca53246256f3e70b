import { createHash, timingSafeEqual } from 'crypto';

import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { checkBearer, type AuthFailure } from './auth';

/**
 * A verified secret remembered briefly, so that a burst of requests does not decrypt the credential for each one.
 *
 * On n8n 2.41 `getCredentials` in a trigger costs a database read, a decryption and, with the default expression
 * engine, a V8 isolate (2.41 `credentials-helper.js` `applyDefaultsAndOverwrites`: `acquireIsolate()` whenever it
 * is called outside an execution, which a webhook always is): tens of milliseconds of CPU per request. After a
 * request passed the check, a request whose secret-carrying headers hash to the same SHA-256 (compared in
 * constant time) for the same workflow, node and credential id is let in without `getCredentials` until the
 * memory expires. Only a passed check is remembered; a failed one never is, and never evicts the good one.
 *
 * The trade-off: a secret rotated in n8n (or a credential emptied) keeps working for at most the remembered time.
 * A credential swapped for another one changes its id, so it takes effect at once. Memory of this n8n process
 * (each process, each webhook process in queue mode, its own), bounded, expired by timestamps (no timers).
 *
 * Only checks that compare request headers with the credential qualify (Bearer, Basic, custom headers). A body
 * signature (Wildix, CTM's signature mode) needs the secret for every body, so it cannot be remembered.
 */

/** The upper bound of the option: how long a rotated secret may keep working. */
export const MAX_REMEMBER_SECONDS = 60;
export const DEFAULT_REMEMBER_SECONDS = 30;
/** At most this many remembered checks per process (one per workflow, node and credential); the oldest goes first. */
export const MAX_REMEMBERED = 500;

/** The option every trigger with a header check offers (in its options/settings collection). */
export const REMEMBER_SECRET_OPTION: INodeProperties = {
	displayName: 'Remember Verified Secret (Seconds)',
	name: 'rememberSecretSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: MAX_REMEMBER_SECONDS },
	default: DEFAULT_REMEMBER_SECONDS,
	description:
		'After a request passed the credential check, requests with the same secret are let in without decrypting the credential again for this many seconds (much less n8n CPU per request). A secret changed in the credential keeps working for at most this long. 0 turns it off.',
};

interface Entry {
	/** SHA-256 of the values of `headerNames` in the request that passed. */
	digest: Buffer;
	/** The (lower-case) request headers that carried the secret: not secret themselves. */
	headerNames: string[];
	expiresAt: number;
}

const remembered = new Map<string, Entry>();

/** Forgets everything (for tests). */
export function forgetVerifiedSecrets(): void {
	remembered.clear();
}

export function rememberedCount(): number {
	return remembered.size;
}

type Headers = Record<string, string | string[] | undefined>;

/** SHA-256 over the given headers' values (first value of each), or undefined when one is missing or empty. */
function headersDigest(headers: Headers, names: string[]): Buffer | undefined {
	const hash = createHash('sha256');
	for (const name of names) {
		const given = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
		const value = Array.isArray(given) ? given[0] : given;
		if (typeof value !== 'string' || value === '') return undefined;
		// Length-prefixed, so that no two different header lists give the same input.
		hash.update(`${value.length}:`).update(value, 'utf8');
	}
	return hash.digest();
}

export interface SecretMemory {
	/**
	 * The header names of a remembered, unexpired check that this request's headers match, else undefined (then
	 * check against the credential as usual).
	 */
	recall(headers: Headers, nowMs?: number): string[] | undefined;
	/** Call only after the request passed the check: remembers the values of these headers. */
	remember(headers: Headers, headerNames: string[], nowMs?: number): void;
}

/**
 * The memory of one trigger node's check against one credential, or undefined when it is off (0 seconds) or the
 * node's credential has no id (nothing to tie the memory to).
 */
export function secretMemory(context: IWebhookFunctions, credentialType: string, seconds: number | undefined): SecretMemory | undefined {
	const ttlSeconds = Math.min(Number(seconds ?? DEFAULT_REMEMBER_SECONDS), MAX_REMEMBER_SECONDS);
	if (!(ttlSeconds > 0)) return undefined;
	const node = context.getNode();
	const credentialId = node.credentials?.[credentialType]?.id;
	if (typeof credentialId !== 'string' || credentialId === '') return undefined;
	const key = JSON.stringify([context.getWorkflow().id ?? '', node.id, credentialType, credentialId]);

	return {
		recall(headers, nowMs = Date.now()) {
			const entry = remembered.get(key);
			if (!entry) return undefined;
			if (entry.expiresAt <= nowMs) {
				remembered.delete(key);
				return undefined;
			}
			const digest = headersDigest(headers, entry.headerNames);
			return digest && timingSafeEqual(digest, entry.digest) ? entry.headerNames : undefined;
		},
		remember(headers, headerNames, nowMs = Date.now()) {
			const names = headerNames.map((name) => name.trim().toLowerCase());
			const digest = names.length > 0 ? headersDigest(headers, names) : undefined;
			if (!digest) return;
			// The expiry counts from this check, never extended by later hits: the bound on a rotated secret holds.
			remembered.delete(key);
			remembered.set(key, { digest, headerNames: names, expiresAt: nowMs + ttlSeconds * 1000 });
			for (const oldest of remembered.keys()) {
				if (remembered.size <= MAX_REMEMBERED) break;
				remembered.delete(oldest);
			}
		},
	};
}

/**
 * The M8Com triggers' check: `Authorization: Bearer <the credential's secret>` (lib/auth.ts `checkBearer`), with a
 * passed check remembered for `seconds` (see above).
 */
export async function checkBearerRemembered(
	context: IWebhookFunctions,
	credentialType: string,
	seconds: number | undefined,
): Promise<AuthFailure | undefined> {
	const headers = context.getRequestObject().headers as Headers;
	const memory = secretMemory(context, credentialType, seconds);
	if (memory?.recall(headers)) return undefined;
	const { secret } = await context.getCredentials<{ secret?: string }>(credentialType);
	const failure = checkBearer(headers.authorization, secret ?? '');
	if (!failure) memory?.remember(headers, ['authorization']);
	return failure;
}
