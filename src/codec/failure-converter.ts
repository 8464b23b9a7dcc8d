import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces can name customer data (a refused reference host), so they travel
 * as an encoded payload that the payload codec encrypts. Loaded by path (`failureConverterPath`):
 * by clients and workers, and bundled into the workflow code, which converts failures in the sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
