/**
 * The rule for every server-side fetch of a URL taken from a request (decision 11): only http(s); never an
 * address inside the n8n host's networks (loopback, private, link-local, metadata, …) unless the user opted in
 * for a self-hosted server; only the allowed hosts when the user named some. The host's resolved addresses are
 * checked, not only its spelling, and each redirect hop is checked again by the caller.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { addressRange, parseIpAddress, type AddressRange } from './networkAddress';

export interface OutboundPolicy {
	/** The user's opt-in for self-hosted servers inside their own network. */
	allowPrivateAddresses: boolean;
	/** Host names (lower case) that may be fetched; "*.example.com" also allows every subdomain. Empty: any. */
	allowedHosts: string[];
}

/** A DNS lookup: every address the host name resolves to. Throws when it does not resolve or is blocked. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export type UrlCheck =
	| { ok: true; url: URL }
	| { ok: false; reason: 'not http(s)' | 'host not allowed' | 'unresolved' }
	| { ok: false; reason: 'private address'; range: AddressRange | 'local name' | 'blocked by n8n' };

/** Parses the comma-separated host list of an editor option ("files.example.com, *.cdn.example"). */
export function parseAllowedHosts(text: string | undefined): string[] {
	return (text ?? '')
		.split(',')
		.map((host) => bare(host.trim().toLowerCase()))
		.filter(Boolean);
}

/** A host name without a trailing dot, an IPv6 address without brackets. */
const bare = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host.replace(/\.$/, ''));

export function hostAllowed(hostname: string, allowedHosts: string[]): boolean {
	if (allowedHosts.length === 0) return true;
	return allowedHosts.some((allowed) =>
		allowed.startsWith('*.') ? hostname.endsWith(allowed.slice(1)) : hostname === allowed,
	);
}

/**
 * Names that reach the local machine or network by definition (RFC 6761 "localhost", mDNS ".local", ".internal",
 * ".home.arpa", and names without a dot, which the resolver's search domains complete). Used only where no
 * resolver is available: with one, the addresses themselves decide.
 */
export function isLocalName(hostname: string): boolean {
	const name = hostname.toLowerCase();
	if (!name.includes('.')) return true;
	return ['localhost', 'localdomain', 'local', 'internal', 'home.arpa', 'lan'].some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

/** Why the error of a lookup through n8n's egress filter means "blocked" (an n8n SSRF error) rather than "not found". */
export function isSsrfBlock(error: unknown): boolean {
	const seen = new Set<unknown>();
	for (let e = error as { name?: unknown; cause?: unknown } | undefined; e && !seen.has(e); e = e.cause as typeof e) {
		seen.add(e);
		if (typeof e.name === 'string' && e.name.startsWith('Ssrf')) return true;
	}
	return false;
}

/**
 * Checks a URL before it is fetched: scheme, allow-list, and where its host really is. An IP literal is judged
 * by its value in any spelling (the WHATWG parser has already turned "0x7f000001", "2130706433" or "0177.1"
 * into "127.0.0.1"); a host name by every address it resolves to.
 */
export async function checkOutboundUrl(text: string, policy: OutboundPolicy, resolve: ResolveHost | undefined): Promise<UrlCheck> {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: 'not http(s)' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'not http(s)' };
	const host = bare(url.hostname);
	if (!hostAllowed(host, policy.allowedHosts)) return { ok: false, reason: 'host not allowed' };
	if (policy.allowPrivateAddresses) return { ok: true, url };

	const literal = parseIpAddress(host);
	if (literal) {
		const range = addressRange(literal);
		return range ? { ok: false, reason: 'private address', range } : { ok: true, url };
	}
	if (!resolve) return isLocalName(host) ? { ok: false, reason: 'private address', range: 'local name' } : { ok: true, url };

	let addresses: string[];
	try {
		addresses = await resolve(url.hostname);
	} catch (error) {
		return isSsrfBlock(error) ? { ok: false, reason: 'private address', range: 'blocked by n8n' } : { ok: false, reason: 'unresolved' };
	}
	if (addresses.length === 0) return { ok: false, reason: 'unresolved' };
	for (const address of addresses) {
		const parsed = parseIpAddress(address);
		const range = parsed ? addressRange(parsed) : 'reserved';
		if (range) return { ok: false, reason: 'private address', range };
	}
	return { ok: true, url };
}

/**
 * A resolver built on n8n's own egress filter (`helpers.getSecureEgressFilter`, n8n 2.41+; n8n-core
 * `request-helpers/factory.js` → @n8n/backend-network `OutboundHttp.egressFilter`). With the 'enforced' policy its
 * lookup resolves through n8n's DNS resolver and also applies the instance's SSRF rules (N8N_SSRF_BLOCKED_IP_RANGES,
 * N8N_SSRF_ALLOWED_HOSTNAMES, …) even when N8N_SSRF_PROTECTION_ENABLED is off. Node code may not import `dns`, so
 * on an n8n without this helper there is no resolver (undefined) and only the host's spelling can be checked.
 */
export function n8nResolver(helpers: Partial<Pick<IWebhookFunctions['helpers'], 'getSecureEgressFilter'>>): ResolveHost | undefined {
	if (typeof helpers.getSecureEgressFilter !== 'function') return undefined;
	const lookup = helpers.getSecureEgressFilter('enforced').createSecureLookup();
	return async (hostname) =>
		await new Promise<string[]>((resolve, reject) => {
			lookup(hostname, { all: true }, (error, result) => {
				if (error) reject(error);
				else resolve(Array.isArray(result) ? result.map((entry) => entry.address) : [result]);
			});
		});
}
