import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * The check the editor runs on a webhook-secret credential. There is no vendor API to ask, so it checks what
 * goes wrong in practice: an empty secret, or one pasted with surrounding spaces or line breaks.
 */
export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.secret;
	if (typeof secret !== 'string' || secret.length === 0) {
		return { status: 'Error', message: 'The secret is empty' };
	}
	if (secret.trim() !== secret) {
		return { status: 'Error', message: 'The secret starts or ends with spaces or line breaks; paste it again' };
	}
	return { status: 'OK', message: `The secret is set (${secret.length} characters)` };
}
