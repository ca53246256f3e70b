import { stopN8n } from './n8n';

export default async function globalTeardown(): Promise<void> {
	for (const instance of globalThis.__N8N_INSTANCES__ ?? []) await stopN8n(instance);
}
