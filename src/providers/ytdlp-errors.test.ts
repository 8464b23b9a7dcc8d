import { classifyYtDlpError, YTDLP_RATE_LIMIT_RETRY_MS } from './ytdlp-errors';

const warning = 'WARNING: [youtube] Falling back to generic n function search\n';

describe('classifyYtDlpError', () => {
  it.each([
    ['ERROR: [youtube] dQw4w9WgXcQ: Video unavailable', 'unavailable'],
    ['ERROR: [youtube] dQw4w9WgXcQ: Video unavailable. This video is no longer available because the YouTube account associated with this video has been terminated.', 'unavailable'],
    ['ERROR: [youtube] abc: Private video. Sign in if you\'ve been granted access to this video', 'private'],
    [
      'ERROR: [youtube] abc: The uploader has not made this video available in your country\nThis video is available in Germany, Austria.\nYou might want to use a VPN or a proxy server (with --proxy) to workaround.',
      'geo-blocked',
    ],
    ['ERROR: [youtube] abc: Sign in to confirm your age. This video may be inappropriate for some users. Use --cookies-from-browser or --cookies for the authentication.', 'age, sign-in or bot gate'],
    ["ERROR: [youtube] abc: Sign in to confirm you're not a bot. Use --cookies-from-browser or --cookies for the authentication.", 'age, sign-in or bot gate'],
    ['ERROR: [youtube] abc: This live event will begin in 3 hours.', 'live event not started'],
    ['ERROR: Unsupported URL: https://example.com/page', 'unsupported URL'],
    ['ERROR: [youtube] abc: Requested format is not available. Use --list-formats for a list of available formats', 'format not available'],
    ['ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found (caused by <HTTPError 404: Not Found>)', 'unavailable'],
    ['ERROR: something nobody has seen before', 'unavailable'],
  ])('treats %j as ReferenceUnavailable (%s)', (stderr, reason) => {
    const failure = classifyYtDlpError(warning + stderr);
    expect(failure.type).toBe('ReferenceUnavailable');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(`referenceUrl: ${reason}: ${stderr.split('\n')[0]}`);
  });

  it('retries a YouTube rate limit much later', () => {
    const failure = classifyYtDlpError(
      'ERROR: [youtube] abc: Video unavailable. This content isn’t available, try again later. The current session has been rate-limited by YouTube for up to an hour.',
    );
    expect(failure.type).toBe('RateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(YTDLP_RATE_LIMIT_RETRY_MS);
  });

  it('retries HTTP 429', () => {
    expect(classifyYtDlpError('ERROR: [youtube] abc: Unable to download webpage: HTTP Error 429: Too Many Requests').type).toBe('RateLimited');
  });

  it.each([
    'ERROR: [generic] Unable to download webpage: <urlopen error [Errno 111] Connection refused> (caused by URLError(ConnectionRefusedError(111, \'Connection refused\')))',
    'ERROR: [youtube] abc: Unable to download API page: <urlopen error [Errno -3] Temporary failure in name resolution>',
    'ERROR: unable to download video data: <urlopen error timed out>',
    'ERROR: [generic] Unable to download webpage: HTTP Error 503: Service Unavailable',
    'ERROR: [download] Got error: IncompleteRead(1024 bytes read, 4096 more expected)',
    'ERROR: You have requested downloading the video partially, but ffmpeg is not installed. Aborting',
  ])('retries the network or tooling error %j', (stderr) => {
    const failure = classifyYtDlpError(stderr);
    expect(failure.type).toBe('ProviderUnavailable');
    expect(failure.nonRetryable).toBe(false);
  });

  it('shortens a very long error line', () => {
    expect(classifyYtDlpError(`ERROR: Video unavailable ${'x'.repeat(1000)}`).message.length).toBeLessThan(360);
  });
});
