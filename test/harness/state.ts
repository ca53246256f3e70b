/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- not shipped: n8n's rules for node code */
/** What the e2e global setup hands to the test files (through a JSON file named in an environment variable). */
import { readFileSync } from 'node:fs';

export const E2E_STATE_ENV = 'N8N_E2E_STATE_FILE';
export const M8COM_SECRET = 'e2e-m8com-secret-7f3a9c';

export interface E2eState {
	baseUrl: string;
	webhookUrl: string;
	apiKey: string;
	userFolder: string;
	logFile: string;
	/** The n8n version the suite runs against (the pin, or N8N_VERSION for the matrix's 1.x leg). */
	n8nVersion: string;
	/** The owner's editor session (n8n 1.x rate-limits logins: tests share this one). */
	ownerCookie: string;
	credentials: Record<string, { id: string; name: string }>;
}

export function readE2eState(): E2eState {
	const file = process.env[E2E_STATE_ENV];
	if (!file) throw new Error(`${E2E_STATE_ENV} is not set: run the e2e tests through jest (globalSetup starts n8n)`);
	return JSON.parse(readFileSync(file, 'utf8')) as E2eState;
}
