/**
 * Starts n8n (SQLite) with the packed package installed as a community package, creates the owner, an M8Com
 * credential and the example workflows (active), and the stand-in CRM they call. Prints where to go.
 * Stop with Ctrl+C. Environment: N8N_PORT (default 5678), CRM_PORT (default 5680), M8COM_SECRET,
 * M8COM_RECORDING_SECRET, WILDIX_SECRET, AUTOID_TOKEN, CTM_WEBHOOK_TOKEN.
 */
import { N8nApi } from '../test/harness/api';
import { EXAMPLE_CRM_BASE_URL, loadExample } from '../test/harness/examples';
import { OWNER, ensureRuntime, freePort, packPackage, startN8n, stopN8n } from '../test/harness/n8n';
import { startStandInCrm } from '../examples/standInCrm';

const M8COM_EXAMPLES = ['m8com-lookup-http-crm.json', 'm8com-lookup-multi-customer.json', 'm8com-call-log-crm-activity.json'];

async function portOrFree(wanted: number): Promise<number> {
	const probe = await fetch(`http://127.0.0.1:${wanted}/`).then(
		() => true,
		() => false,
	);
	return probe ? await freePort() : wanted;
}

async function main() {
	const runtime = ensureRuntime();
	const tarball = packPackage();
	const crmPort = await portOrFree(Number(process.env.CRM_PORT ?? new URL(EXAMPLE_CRM_BASE_URL).port));
	const crm = await startStandInCrm(crmPort);
	const instance = await startN8n({
		runtime,
		tarball,
		port: await portOrFree(Number(process.env.N8N_PORT ?? 5678)),
		env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all' },
	});
	const stop = async () => {
		await stopN8n(instance);
		crm.server.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const api = new N8nApi(instance);
	const secret = process.env.M8COM_SECRET ?? 'change-me-m8com-secret';
	const credential = await api.createCredential('M8Com Webhook account', 'm8ComWebhookApi', { secret });
	for (const file of M8COM_EXAMPLES) {
		await api.createActiveWorkflow(
			loadExample(file, { crmBaseUrl: crm.baseUrl, credentials: { m8ComWebhookApi: credential } }),
		);
	}
	const recordingSecret = process.env.M8COM_RECORDING_SECRET ?? 'change-me-m8com-recording-secret';
	const recordingCredential = await api.createCredential('M8Com Recording account', 'm8ComWebhookApi', {
		secret: recordingSecret,
	});
	await api.createActiveWorkflow(
		loadExample('m8com-recording-store.json', {
			crmBaseUrl: crm.baseUrl,
			credentials: { m8ComWebhookApi: recordingCredential },
		}),
	);

	const wildixSecret = process.env.WILDIX_SECRET ?? 'change-me-wildix-secret';
	const wildixCredential = await api.createCredential('Wildix Webhook account', 'wildixWebhookApi', { secret: wildixSecret });
	await api.createActiveWorkflow(
		loadExample('wildix-call-end-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { wildixWebhookApi: wildixCredential } }),
	);
	const autoIdToken = process.env.AUTOID_TOKEN ?? 'change-me-autoid-token';
	const autoIdCredential = await api.createCredential('AutoID Webhook account', 'autoIdWebhookApi', {
		authentication: 'headerAuth',
		headers: { values: [{ name: 'X-AutoID-Token', value: autoIdToken }] },
	});
	await api.createActiveWorkflow(
		loadExample('autoid-call-end-crm-lead.json', { crmBaseUrl: crm.baseUrl, credentials: { autoIdWebhookApi: autoIdCredential } }),
	);
	const ctmToken = process.env.CTM_WEBHOOK_TOKEN ?? 'change-me-ctm-token';
	const ctmCredential = await api.createCredential('CallTrackingMetrics account', 'callTrackingMetricsApi', {
		accessKey: 'demo-access-key',
		secretKey: 'demo-secret-key',
		apiBaseUrl: 'https://api.calltrackingmetrics.com',
		headerName: 'X-Webhook-Token',
		headerSecret: ctmToken,
	});
	await api.createActiveWorkflow(
		loadExample('ctm-call-end-crm-activity.json', { crmBaseUrl: crm.baseUrl, credentials: { callTrackingMetricsApi: ctmCredential } }),
	);

	const hook = `${instance.webhookUrl}/webhook`;
	console.log(`
n8n is running with n8n-nodes-telephony-webhooks installed.

  Editor:       ${instance.baseUrl}
  Login:        ${OWNER.email} / ${OWNER.password}
  M8Com secret: ${secret}   (credential "M8Com Webhook account")
  Recording secret: ${recordingSecret}   (credential "M8Com Recording account")
  Wildix secret: ${wildixSecret}   (credential "Wildix Webhook account")
  AutoID header: X-AutoID-Token: ${autoIdToken}   (credential "AutoID Webhook account")
  CTM header:    X-Webhook-Token: ${ctmToken}   (credential "CallTrackingMetrics account")
  Stand-in CRM: ${crm.baseUrl}

Active example workflows and their webhook URLs:
  M8Com lookup → CRM:             GET ${hook}/m8com/lookup?fromNumber=%2B46701234567
  M8Com lookup, several customers: GET ${hook}/m8com/lookup/acme?fromNumber=%2B46701234567
                                   GET ${hook}/m8com/lookup/globex?fromNumber=%2B46701234567
  M8Com call log → CRM activity:  POST ${hook}/m8com/call-log
  M8Com recording → CRM:          POST ${hook}/m8com/recordings
  Wildix call end → CRM activity:  POST ${hook}/wildix/events   (x-signature: hex HMAC-SHA256(secret, body))
  AutoID call end → CRM lead:      POST ${hook}/autoid/calls
  CTM call ended → CRM activity:   POST ${hook}/ctm/call-end?trigger=end

Try:  curl -H 'Authorization: Bearer ${secret}' '${hook}/m8com/lookup?fromNumber=%2B46701234567'

Stop with Ctrl+C (the temporary n8n folder ${instance.userFolder} is removed).`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
