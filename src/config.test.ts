import { loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on embedded defaults with no variables set: local services and local providers', () => {
    const config = loadConfig({});
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
    expect(config.storage).toMatchObject({ driver: 's3', endpoint: 'http://127.0.0.1:9010', forcePathStyle: true });
    expect(config.providers.music.kind).toBe('local');
    expect(config.providers.recognition.kind).toBe('local');
    expect(config.providers.scenes.kind).toBe('local');
    expect(config.worker.taskQueues).toEqual(['generation', 'planning', 'maintenance']);
    expect(config.worker.workflowTaskConcurrency).toEqual({ generation: 2, planning: 40, maintenance: 40 });
    expect(config.generationPolicy).toMatchObject({ retryInitialIntervalSeconds: 5, retryMaximumIntervalSeconds: 300 });
  });

  it('reads R2 settings and per-queue concurrency', () => {
    const config = loadConfig({
      S3_ENDPOINT: 'https://acct.r2.cloudflarestorage.com',
      S3_REGION: 'auto',
      GENERATION_ACTIVITY_CONCURRENCY: '2',
      GENERATION_WORKFLOW_TASK_CONCURRENCY: '4',
      WORKER_TASK_QUEUES: 'generation',
    });
    expect(config.worker.workflowTaskConcurrency.generation).toBe(4);
    expect(config.storage).toMatchObject({ endpoint: 'https://acct.r2.cloudflarestorage.com', region: 'auto' });
    expect(config.worker.activityConcurrency.generation).toBe(2);
    expect(config.worker.taskQueues).toEqual(['generation']);
  });

  it('names the missing variable when a paid provider is chosen without its key', () => {
    expect(() => loadConfig({ MUSIC_PROVIDER: 'mureka' })).toThrow('MUREKA_API_KEY is required when MUSIC_PROVIDER=mureka');
    expect(() => loadConfig({ RECOGNITION_PROVIDER: 'acrcloud', ACRCLOUD_BASE_URL: 'https://identify-eu-west-1.acrcloud.com' })).toThrow(
      'ACRCLOUD_ACCESS_KEY',
    );
  });

  it('runs unversioned unless both the worker deployment and its build id are set', () => {
    expect(loadConfig({}).worker.versioning).toBeUndefined();
    expect(loadConfig({ WORKER_DEPLOYMENT_NAME: 'infinitymix', WORKER_BUILD_ID: '2026-12-03.1' }).worker.versioning).toEqual({
      deploymentName: 'infinitymix',
      buildId: '2026-12-03.1',
    });
    expect(() => loadConfig({ WORKER_BUILD_ID: '2026-12-03.1' })).toThrow('WORKER_DEPLOYMENT_NAME is required when WORKER_BUILD_ID is set');
    expect(() => loadConfig({ WORKER_DEPLOYMENT_NAME: 'infinitymix' })).toThrow('WORKER_BUILD_ID is required when WORKER_DEPLOYMENT_NAME is set');
  });

  it('names the variable and the rule for a malformed value', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
    expect(() => loadConfig({ STEP_ATTEMPTS: '-1' })).toThrow(/STEP_ATTEMPTS/);
  });

  it('keeps download links between a minute and the seven days S3 allows, 900 s by default', () => {
    expect(loadConfig({}).api.downloadUrlTtlSeconds).toBe(900);
    expect(loadConfig({ DOWNLOAD_URL_TTL_SECONDS: '3600' }).api.downloadUrlTtlSeconds).toBe(3600);
    for (const value of ['59', '604801', '1.5', 'soon']) expect(() => loadConfig({ DOWNLOAD_URL_TTL_SECONDS: value })).toThrow(/DOWNLOAD_URL_TTL_SECONDS/);
  });
});
