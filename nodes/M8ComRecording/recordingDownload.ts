import type { IBinaryData, IHttpRequestOptions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { checkOutboundUrl, isSsrfBlock, n8nResolver, parseAllowedHosts, type OutboundPolicy, type UrlCheck } from '../../lib/outboundUrl';

/** What the download needs from n8n (the webhook's helpers), so tests can pass a stand-in. */
export interface DownloadHelpers {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
	prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
	/** n8n 2.41+: the instance's egress filter, whose lookup resolves host names (absent in older n8n). */
	getSecureEgressFilter?: IWebhookFunctions['helpers']['getSecureEgressFilter'];
}

export type DownloadResult =
	| { ok: true; binary: Record<string, IBinaryData> }
	| { ok: false; statusCode: 400 | 502 | 504; message: string };

type Failure = Extract<DownloadResult, { ok: false }>;

export interface DownloadOptions {
	timeoutMs: number;
	propertyPrefix: string;
	maxFiles: number;
	maxFileBytes: number;
	policy: OutboundPolicy;
}

export const DEFAULT_MAX_FILES = 10;
export const DEFAULT_MAX_FILE_MB = 100;
/** Redirects followed per file; each hop is checked like the URL itself. */
export const MAX_REDIRECTS = 3;
/** Files fetched at the same time (the rest wait), so memory and connections stay bounded. */
const PARALLEL_DOWNLOADS = 3;

/** The recording trigger's download options (shown when Download Recordings is on). */
export const DOWNLOAD_SAFETY_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Allow Private Network Addresses',
		name: 'allowPrivateAddresses',
		type: 'boolean',
		default: false,
		description:
			'Whether file URLs may point into the n8n host\'s own networks (localhost, 10.x, 172.16–31.x, 192.168.x, link-local, cloud metadata…). Only for a self-hosted file server; M8Com\'s own URLs never need it.',
		displayOptions: { show: { '/downloadRecordings': [true] } },
	},
	{
		displayName: 'Only These File Hosts',
		name: 'allowedHosts',
		type: 'string',
		default: '',
		placeholder: 'files.m8com.example, *.cdn.example',
		description:
			'Comma-separated host names files may come from ("*.example.com" allows its subdomains); redirects are held to the same list. Empty: any public host. On n8n 1.x, which gives nodes no DNS lookup, a host name\'s addresses cannot be checked (only its spelling): name the file hosts here.',
		displayOptions: { show: { '/downloadRecordings': [true] } },
	},
	{
		displayName: 'Max Files per Recording',
		name: 'maxFiles',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: DEFAULT_MAX_FILES,
		description: 'A recording with more file URLs is answered 400 and nothing is downloaded',
		displayOptions: { show: { '/downloadRecordings': [true] } },
	},
	{
		displayName: 'Max File Size (MB)',
		name: 'maxFileSizeMb',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 2048 },
		default: DEFAULT_MAX_FILE_MB,
		description: 'A larger file stops the download; M8Com gets a 502 and no workflow starts',
		displayOptions: { show: { '/downloadRecordings': [true] } },
	},
];

/** The download options as the editor stores them (the trigger's `settings` collection). */
export interface DownloadSettings {
	downloadTimeoutSeconds?: number;
	binaryPropertyPrefix?: string;
	allowPrivateAddresses?: boolean;
	allowedHosts?: string;
	maxFiles?: number;
	maxFileSizeMb?: number;
}

export function downloadOptions(settings: DownloadSettings): DownloadOptions {
	return {
		timeoutMs: (settings.downloadTimeoutSeconds ?? 60) * 1000,
		propertyPrefix: settings.binaryPropertyPrefix || 'recording',
		maxFiles: settings.maxFiles ?? DEFAULT_MAX_FILES,
		maxFileBytes: (settings.maxFileSizeMb ?? DEFAULT_MAX_FILE_MB) * 1024 * 1024,
		policy: { allowPrivateAddresses: settings.allowPrivateAddresses ?? false, allowedHosts: parseAllowedHosts(settings.allowedHosts) },
	};
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
}

/** The file name in the URL's path ("…/recordings/123.mp3?token=…" → "123.mp3"), never the query (it holds tokens). */
export function fileNameFromUrl(url: string, fallback: string): string {
	try {
		const last = new URL(url).pathname.split('/').filter(Boolean).pop();
		return last ? decodeURIComponent(last) : fallback;
	} catch {
		return fallback;
	}
}

function isTimeout(error: unknown): boolean {
	const e = error as { code?: string; message?: string; cause?: { code?: string } };
	const code = e?.code ?? e?.cause?.code ?? '';
	return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(e?.message ?? '');
}

function httpStatusOf(error: unknown): number | undefined {
	const e = error as { response?: { status?: number }; httpCode?: string; statusCode?: number };
	return e?.response?.status ?? e?.statusCode ?? (e?.httpCode ? Number(e.httpCode) : undefined);
}

const header = (headers: FullResponse['headers'], name: string): string | undefined => {
	const value = headers?.[name];
	return Array.isArray(value) ? value[0] : value;
};

/** Stops reading a response body we will not use (a stream holds its connection until then). */
function discard(body: unknown): void {
	const stream = body as { destroy?: () => void } | null;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

/**
 * The body's bytes, or 'too large' as soon as more than `maxBytes` arrived (the rest is never read). A body still
 * arriving when the download's time is up is destroyed, whether or not n8n's HTTP client does so itself.
 */
async function readCapped(body: unknown, maxBytes: number, signal: AbortSignal): Promise<Buffer | 'too large'> {
	if (Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof ArrayBuffer || typeof body === 'string') {
		const data = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body as Uint8Array);
		return data.length > maxBytes ? 'too large' : data;
	}
	const stop = () => discard(body);
	signal.addEventListener('abort', stop, { once: true });
	try {
		const chunks: Buffer[] = [];
		let total = 0;
		for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
			const data = Buffer.from(chunk);
			total += data.length;
			if (total > maxBytes) {
				stop();
				return 'too large';
			}
			chunks.push(data);
		}
		signal.throwIfAborted();
		return Buffer.concat(chunks);
	} finally {
		signal.removeEventListener('abort', stop);
	}
}

/** What is wrong with a URL the policy refuses, in words that never name the URL (it carries a token). */
function refusalReason(check: Exclude<UrlCheck, { ok: true }>): string {
	switch (check.reason) {
		case 'not http(s)':
			return 'is not an http(s) URL';
		case 'host not allowed':
			return 'is not on a host in "Only These File Hosts"';
		case 'unresolved':
			return 'names a host that was not found';
		case 'private address':
			return `points into a private or local network (${check.range}); see "Allow Private Network Addresses"`;
	}
}

/** A file URL from the request that is refused before anything is fetched: 400 (502 when its host is not found). */
function refusedUrl(check: Exclude<UrlCheck, { ok: true }>, label: string): Failure {
	if (check.reason === 'unresolved') return { ok: false, statusCode: 502, message: `Could not download ${label.toLowerCase()} (host not found)` };
	return { ok: false, statusCode: 400, message: `${label} ${refusalReason(check)}` };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One file: the request without n8n following redirects, so every hop's target is checked before it is
 * fetched; the body streamed and cut off past the size limit; the whole download bounded by the timeout.
 */
async function downloadFile(
	helpers: DownloadHelpers,
	first: URL,
	label: string,
	options: DownloadOptions,
	resolve: ReturnType<typeof n8nResolver>,
): Promise<{ ok: true; data: Buffer; contentType: string } | Failure> {
	const signal = AbortSignal.timeout(options.timeoutMs);
	let url = first;
	let hop = 0;
	try {
		for (; ; hop++) {
			const response = (await helpers.httpRequest({
				method: 'GET',
				url: url.href,
				encoding: 'stream',
				json: false,
				returnFullResponse: true,
				disableFollowRedirect: true,
				ignoreHttpStatusErrors: true,
				timeout: options.timeoutMs,
				abortSignal: signal,
			})) as FullResponse;
			const { statusCode, headers, body } = response;
			const location = header(headers, 'location');
			if (statusCode >= 300 && statusCode < 400 && location) {
				discard(body);
				if (hop >= MAX_REDIRECTS) return { ok: false, statusCode: 502, message: `Could not download ${label} (more than ${MAX_REDIRECTS} redirects)` };
				let next: string;
				try {
					next = new URL(location, url).href;
				} catch {
					return { ok: false, statusCode: 502, message: `Could not download ${label} (a redirect to an invalid URL)` };
				}
				const check = await checkOutboundUrl(next, options.policy, resolve);
				if (!check.ok) return { ok: false, statusCode: 502, message: `Could not download ${label}: its redirect ${refusalReason(check)}` };
				url = check.url;
				continue;
			}
			if (statusCode < 200 || statusCode >= 300) {
				discard(body);
				return { ok: false, statusCode: 502, message: `Could not download ${label} (HTTP ${statusCode})` };
			}
			const tooLarge: Failure = {
				ok: false,
				statusCode: 502,
				message: `${capitalized(label)} is larger than ${Math.round(options.maxFileBytes / 1024 / 1024)} MB (see "Max File Size")`,
			};
			if (Number(header(headers, 'content-length') ?? 0) > options.maxFileBytes) {
				discard(body);
				return tooLarge;
			}
			const data = await readCapped(body, options.maxFileBytes, signal);
			if (data === 'too large') return tooLarge;
			const contentType = String(header(headers, 'content-type') ?? 'application/octet-stream').split(';')[0];
			return { ok: true, data, contentType };
		}
	} catch (error) {
		if (signal.aborted || isTimeout(error)) return { ok: false, statusCode: 504, message: `Timed out downloading ${label}` };
		// n8n's own SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refused the connection.
		if (isSsrfBlock(error)) return { ok: false, statusCode: hop === 0 ? 400 : 502, message: `Could not download ${label} (blocked by n8n's SSRF protection)` };
		const status = httpStatusOf(error);
		const why = status ? `HTTP ${status}` : 'no answer';
		return { ok: false, statusCode: 502, message: `Could not download ${label} (${why})` };
	}
}

/**
 * Fetches every recording file (M8Com's URLs expire after 30 minutes, so this happens before the webhook is
 * acknowledged) and returns them as binary properties `<prefix>0`, `<prefix>1`, … . Every URL is checked before
 * anything is fetched (count, scheme, host list, address); any failure fails the whole request with a non-2xx
 * answer so M8Com retries it; the message never contains the URL (it carries a token).
 */
export async function downloadRecordings(helpers: DownloadHelpers, fileUrls: string[], options: DownloadOptions): Promise<DownloadResult> {
	const total = fileUrls.length;
	if (total > options.maxFiles) {
		return { ok: false, statusCode: 400, message: `The recording has ${total} files; at most ${options.maxFiles} are downloaded (see "Max Files per Recording")` };
	}
	const resolve = n8nResolver(helpers);
	const urls: URL[] = [];
	for (const [index, text] of fileUrls.entries()) {
		const check = await checkOutboundUrl(text, options.policy, resolve);
		if (!check.ok) return refusedUrl(check, `Recording ${index + 1} of ${total}`);
		urls.push(check.url);
	}

	const results: Array<Awaited<ReturnType<typeof downloadFile>> | undefined> = [];
	let next = 0;
	const worker = async () => {
		while (next < urls.length && !results.some((result) => result && !result.ok)) {
			const index = next++;
			results[index] = await downloadFile(helpers, urls[index], `recording ${index + 1} of ${total}`, options, resolve);
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, urls.length) }, worker));
	const failure = results.find((result) => result && !result.ok);
	if (failure && !failure.ok) return failure;

	const binary: Record<string, IBinaryData> = {};
	for (const [index, result] of results.entries()) {
		if (!result?.ok) continue;
		binary[`${options.propertyPrefix}${index}`] = await helpers.prepareBinaryData(
			result.data,
			fileNameFromUrl(urls[index].href, `recording-${index}`),
			result.contentType,
		);
	}
	return { ok: true, binary };
}
