import { parentPort } from 'node:worker_threads';
import { analyzeSignal } from '../analysis/analysis';
import { fingerprint } from '../fingerprint/fingerprint';
import type { DspRequest, DspResponse } from './dsp-pool';

/** Worker thread entry: runs the CPU-bound analysis and fingerprinting away from the caller's event loop. */
parentPort?.on('message', (request: DspRequest) => {
  let response: DspResponse;
  try {
    response =
      request.task === 'analyze'
        ? { id: request.id, ok: true, result: analyzeSignal(request.signal, request.sampleRate, request.loudness, request.durationSeconds) }
        : { id: request.id, ok: true, result: fingerprint(request.signal, request.sampleRate, request.density) };
  } catch (error) {
    response = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
