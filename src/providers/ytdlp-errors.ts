import type { ApplicationFailure } from '@temporalio/common';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

/**
 * yt-dlp exits 1 for every download or extraction error, so its stderr is the only signal
 * (external-apis.md §4; yt-dlp issues #2947, #3842). Rows are tried in order; the first match wins.
 */
interface StderrRule {
  reason: string;
  pattern: RegExp;
  retryable: boolean;
}

const RULES: readonly StderrRule[] = [
  // A worker without ffmpeg is a deployment fault, not a property of the video.
  { reason: 'ffmpeg missing on the worker', pattern: /ffmpeg is not installed|ffprobe and ffmpeg not found|ffmpeg not found/i, retryable: true },
  { reason: 'rate-limited by the site', pattern: /rate-?limited|HTTP Error 429|Too Many Requests/i, retryable: true },
  { reason: 'private', pattern: /Private video|This video is private/i, retryable: false },
  { reason: 'geo-blocked', pattern: /not made this video available in your country|not available in your country|geo.?restrict/i, retryable: false },
  { reason: 'age, sign-in or bot gate', pattern: /Sign in to confirm|age-restricted|inappropriate for some users|members-only|Join this channel|requires? (?:a )?log ?in|--cookies/i, retryable: false },
  { reason: 'live event not started', pattern: /live event will begin|Premieres in|This live event|is_live/i, retryable: false },
  { reason: 'unsupported URL', pattern: /Unsupported URL/i, retryable: false },
  { reason: 'format not available', pattern: /Requested format is not available/i, retryable: false },
  { reason: 'unavailable', pattern: /Video unavailable|no longer available|has been removed|account .*terminated|HTTP Error 40[134]|HTTP Error 410/i, retryable: false },
  {
    reason: 'network error',
    pattern: /Unable to download|Connection refused|Connection reset|timed out|Temporary failure in name resolution|Name or service not known|Network is unreachable|getaddrinfo|HTTP Error 5\d\d|IncompleteRead|SSL|urlopen error/i,
    retryable: true,
  },
];

/** YouTube's rate limit lasts "up to an hour": retrying within minutes only burns attempts. */
export const YTDLP_RATE_LIMIT_RETRY_MS = 15 * 60 * 1000;

const MAX_DETAIL = 300;

/** The first `ERROR:` line carries the reason; warnings and cookie hints around it are noise. */
function errorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  const line = lines.find((candidate) => candidate.startsWith('ERROR:')) ?? lines.at(-1) ?? 'no error output';
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

/**
 * Classifies a failed yt-dlp run. Everything except a rate limit and network trouble is
 * permanent (ReferenceUnavailable), including messages we do not recognise.
 */
export function classifyYtDlpError(stderr: string): ApplicationFailure {
  const line = errorLine(stderr);
  const match = RULES.find((candidate) => candidate.pattern.test(line)) ?? RULES.find((candidate) => candidate.pattern.test(stderr));
  const reason = match?.reason ?? 'unavailable';
  const message = `referenceUrl: ${reason}: ${line}`;
  if (match?.retryable !== true) return permanentFailure(ErrorType.ReferenceUnavailable, message, { reason });
  if (reason === 'rate-limited by the site') return transientFailure(ErrorType.RateLimited, message, YTDLP_RATE_LIMIT_RETRY_MS);
  return transientFailure(ErrorType.ProviderUnavailable, message);
}
