import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

/** What the download needs from n8n (the webhook's helpers), so tests can pass a stand-in. */
export interface DownloadHelpers {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
	prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
}

export type DownloadResult =
	| { ok: true; binary: Record<string, IBinaryData> }
	| { ok: false; statusCode: 400 | 502 | 504; message: string };

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

/**
 * Fetches every recording file (M8Com's URLs expire after 30 minutes, so this happens before the webhook is
 * acknowledged) and returns them as binary properties `<prefix>0`, `<prefix>1`, … . Any failure fails the
 * whole request with a non-2xx answer so M8Com retries it; the message never contains the URL (it carries a
 * token).
 */
export async function downloadRecordings(
	helpers: DownloadHelpers,
	fileUrls: string[],
	options: { timeoutMs: number; propertyPrefix: string },
): Promise<DownloadResult> {
	const total = fileUrls.length;
	for (const [index, url] of fileUrls.entries()) {
		if (!/^https?:\/\//i.test(url)) {
			return { ok: false, statusCode: 400, message: `Recording ${index + 1} of ${total} is not an http(s) URL` };
		}
	}
	const downloads = fileUrls.map(async (url, index) => {
		const label = `recording ${index + 1} of ${total}`;
		try {
			const response = (await helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				json: false,
				returnFullResponse: true,
				timeout: options.timeoutMs,
			})) as FullResponse;
			const contentType = String(response.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
			const data = Buffer.from(response.body as ArrayBuffer);
			const binary = await helpers.prepareBinaryData(data, fileNameFromUrl(url, `recording-${index}`), contentType);
			return { ok: true as const, binary };
		} catch (error) {
			if (isTimeout(error)) return { ok: false as const, statusCode: 504 as const, message: `Timed out downloading ${label}` };
			const status = httpStatusOf(error);
			const why = status ? `HTTP ${status}` : 'no answer';
			return { ok: false as const, statusCode: 502 as const, message: `Could not download ${label} (${why})` };
		}
	});
	const results = await Promise.all(downloads);
	const failure = results.find((result) => !result.ok);
	if (failure && !failure.ok) return failure;
	const binary: Record<string, IBinaryData> = {};
	results.forEach((result, index) => {
		if (result.ok) binary[`${options.propertyPrefix}${index}`] = result.binary;
	});
	return { ok: true, binary };
}
