import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { encryptedDataConverter } from './codec/data-converter';
import type { AppConfig } from './config';
import type { WorkflowLiveness } from './activities';

/** A Temporal client for the configured server, encrypting payloads; API-key auth (Temporal Cloud) implies TLS. */
export async function connectClient(settings: AppConfig['temporal']): Promise<Client> {
  const connection = await Connection.connect({
    address: settings.address,
    ...(settings.apiKey ? { apiKey: settings.apiKey, tls: true } : {}),
  });
  return new Client({ connection, namespace: settings.namespace, dataConverter: encryptedDataConverter(settings.payloadEncryption) });
}

export function workflowLiveness(client: Client): WorkflowLiveness {
  return {
    async isRunning(workflowId: string): Promise<boolean> {
      try {
        const description = await client.workflow.getHandle(workflowId).describe();
        return description.status.name === 'RUNNING';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },
  };
}
