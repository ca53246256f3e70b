/** The media type of a Content-Type header, lower-cased, without parameters ("Application/JSON; charset=utf-8" → "application/json"). */
export function mediaType(contentType: string | string[] | undefined): string {
	const value = Array.isArray(contentType) ? contentType[0] : contentType;
	return (value ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * For vendors that only ever send JSON: anything else is answered 415 before the body is looked at, so a form
 * or XML post can never pass as an event (n8n would otherwise parse it into an object).
 */
export function requireJson(contentType: string | string[] | undefined): string | undefined {
	const type = mediaType(contentType);
	if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) return undefined;
	return 'Content-Type must be application/json';
}
