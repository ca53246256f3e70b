/* eslint-disable @n8n/community-nodes/no-restricted-globals -- not shipped: n8n's rules for node code */
import { stopN8n } from './n8n';

export default async function globalTeardown(): Promise<void> {
	for (const instance of globalThis.__N8N_INSTANCES__ ?? []) await stopN8n(instance);
}
