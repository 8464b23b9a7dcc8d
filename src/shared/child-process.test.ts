import { getPriority } from 'node:os';
import { runChildProcess } from './child-process';
import { withChildNiceness } from './process-priority';

const limits = { timeoutMs: 10_000, maxStdoutBytes: 1024 * 1024 };

describe('runChildProcess', () => {
  it('pipes stdin bytes to the child and keeps stdout as bytes', async () => {
    const input = Buffer.from([0, 1, 2, 255, 254]);
    const result = await runChildProcess('cat', [], { ...limits, stdin: input });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, aborted: false, stdoutLimitExceeded: false });
    expect(result.stdout.equals(input)).toBe(true);
  });

  it('resolves with a non-zero exit code and the stderr text', async () => {
    const result = await runChildProcess('sh', ['-c', 'echo oops >&2; exit 3'], limits);
    expect(result).toMatchObject({ exitCode: 3, stderr: 'oops\n', timedOut: false });
  });

  it('kills a child that outlives its timeout', async () => {
    const started = Date.now();
    const result = await runChildProcess('sleep', ['30'], { ...limits, timeoutMs: 200 });
    expect(result).toMatchObject({ exitCode: null, timedOut: true, aborted: false });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills the child when the signal aborts, also when it aborted before the start', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(runChildProcess('sleep', ['30'], { ...limits, signal: controller.signal })).resolves.toMatchObject({ exitCode: null, aborted: true, timedOut: false });
    await expect(runChildProcess('sleep', ['30'], { ...limits, signal: AbortSignal.abort() })).resolves.toMatchObject({ exitCode: null, aborted: true });
  });

  it('kills a child whose stdout passes the limit and keeps no more than the limit', async () => {
    const result = await runChildProcess('yes', [], { ...limits, maxStdoutBytes: 10_000 });
    expect(result).toMatchObject({ exitCode: null, stdoutLimitExceeded: true, timedOut: false });
    expect(result.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it('keeps the first and the last lines of a long stderr', async () => {
    const script = 'echo first-line >&2; head -c 200000 /dev/zero | tr "\\0" x >&2; echo >&2; echo last-line >&2';
    const { stderr } = await runChildProcess('sh', ['-c', script], limits);
    expect(stderr.startsWith('first-line\n')).toBe(true);
    expect(stderr.endsWith('last-line\n')).toBe(true);
    expect(stderr.length).toBeLessThan(81 * 1024);
  });

  it('starts the child at a lower CPU priority inside withChildNiceness, at this process\'s outside it', async () => {
    // The shell reports its niceness after a pause: the priority is set just after the spawn.
    const niceness = async () => Number((await runChildProcess('sh', ['-c', 'sleep 0.2; nice'], limits)).stdout.toString());
    await expect(niceness()).resolves.toBe(getPriority());
    await expect(withChildNiceness(7, niceness)).resolves.toBe(Math.min(19, getPriority() + 7));
  });

  it('rejects with the errno code when the program is not installed', async () => {
    await expect(runChildProcess('no-such-program-here', [], limits)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
