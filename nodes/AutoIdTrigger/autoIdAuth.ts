/**
 * How AutoID proves it is AutoID: the HTTP header(s) added in the webhook's advanced settings, or an
 * `Authorization: Basic …` header. Checked with lib/auth.ts, in constant time, values never echoed.
 */
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { AUTH_MESSAGES, checkBasicAuth, checkHeaders, type AuthFailure, type ExpectedHeader } from '../../lib/auth';

export const AUTOID_CREDENTIAL_TYPE = 'autoIdWebhookApi';

export interface AutoIdCredential {
	authentication?: 'headerAuth' | 'basicAuth';
	headers?: { values?: Array<{ name?: string; value?: string }> };
	user?: string;
	password?: string;
}

/** Headers that AutoID or HTTP set for other reasons: they are no secret, so they cannot authenticate. */
const NOT_SECRET_HEADERS = new Set(['content-type', 'content-length', 'host', 'user-agent', 'accept', 'accept-encoding', 'connection']);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The configured header pairs, names trimmed; rows left empty in the editor are skipped. */
export function configuredHeaders(credential: AutoIdCredential): ExpectedHeader[] {
	const values: unknown = credential.headers?.values;
	const text = (field: unknown): string => (typeof field === 'string' ? field : '');
	return (Array.isArray(values) ? values : [])
		.map((header: { name?: unknown; value?: unknown } | null) => ({ name: text(header?.name).trim(), value: text(header?.value) }))
		.filter((header) => header.name !== '' || header.value !== '');
}

export function authenticate(headers: IDataObject, credential: AutoIdCredential): AuthFailure | undefined {
	const requestHeaders = headers as Record<string, string | string[] | undefined>;
	if (credential.authentication === 'basicAuth') {
		return checkBasicAuth(requestHeaders.authorization, { user: credential.user ?? '', password: credential.password ?? '' });
	}
	const expected = configuredHeaders(credential);
	// A credential without headers must not let everybody in.
	if (expected.length === 0 || expected.some((header) => header.name === '' || header.value === '')) {
		return { statusCode: 403, message: AUTH_MESSAGES.notSetUp };
	}
	return checkHeaders(requestHeaders, expected);
}

/** The request headers (lower case) a passed check compared with the credential: what lib/verifiedSecrets.ts remembers. */
export function checkedHeaderNames(credential: AutoIdCredential): string[] {
	if (credential.authentication === 'basicAuth') return ['authorization'];
	return configuredHeaders(credential).map(({ name }) => name.toLowerCase());
}

/**
 * Names (lower case) of the headers that carry the secret; they never reach the output item. From the
 * credential, or from a remembered check's header names ({@link checkedHeaderNames}).
 */
export function secretHeaderNames(credentialOrChecked: AutoIdCredential | string[]): Set<string> {
	const names = new Set(['authorization', 'proxy-authorization', 'cookie']);
	const checked = Array.isArray(credentialOrChecked) ? credentialOrChecked : checkedHeaderNames(credentialOrChecked);
	for (const name of checked) names.add(name.toLowerCase());
	return names;
}

/** What the editor's credential test reports: mistakes that would make every AutoID webhook fail (or pass). */
export function describeCredentialProblem(credential: AutoIdCredential): string | undefined {
	if (credential.authentication === 'basicAuth') {
		if (!credential.user) return 'The user is empty';
		if (credential.user.includes(':')) return 'The user must not contain ":" (basic auth separates user and password with it)';
		if (!credential.password) return 'The password is empty';
		if (credential.user.trim() !== credential.user || credential.password.trim() !== credential.password) {
			return 'The user or password starts or ends with spaces or line breaks; paste it again';
		}
		return undefined;
	}
	const headers = configuredHeaders(credential);
	if (headers.length === 0) return 'Add at least one header (the name and value you set in AutoID\'s advanced settings)';
	for (const { name, value } of headers) {
		if (!HEADER_NAME.test(name)) return `"${name}" is not a valid HTTP header name`;
		if (NOT_SECRET_HEADERS.has(name.toLowerCase())) {
			return `${name} is not a secret; add the header that carries your secret (e.g. X-AutoID-Token)`;
		}
		if (value === '') return `The value of ${name} is empty`;
		if (value.trim() !== value) return `The value of ${name} starts or ends with spaces or line breaks; paste it again`;
	}
	return undefined;
}

/** The editor's "test" of an AutoID credential (there is no AutoID API to ask). */
export async function testAutoIdCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as AutoIdCredential;
	const problem = describeCredentialProblem(data);
	if (problem) return { status: 'Error', message: problem };
	if (data.authentication === 'basicAuth') return { status: 'OK', message: 'User and password are set' };
	const names = configuredHeaders(data).map((header) => header.name);
	return { status: 'OK', message: `${names.length === 1 ? 'Header' : 'Headers'} set: ${names.join(', ')}` };
}
