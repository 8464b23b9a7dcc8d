import { RateLimiter } from './rate-limit';

it('allows a full bucket, then refuses with the seconds until the next request fits', () => {
  let now = 0;
  const limiter = new RateLimiter(3, () => now);
  expect([limiter.take('acme'), limiter.take('acme'), limiter.take('acme')]).toEqual(Array(3).fill({ allowed: true }));
  expect(limiter.take('acme')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  now = 19_000;
  expect(limiter.take('acme')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  now = 21_000;
  expect(limiter.take('acme')).toEqual({ allowed: true });
});

it('keeps customers apart', () => {
  const limiter = new RateLimiter(1, () => 0);
  expect(limiter.take('acme')).toEqual({ allowed: true });
  expect(limiter.take('acme').allowed).toBe(false);
  expect(limiter.take('globex')).toEqual({ allowed: true });
});

it('never holds more than a minute of requests, however long a customer was idle', () => {
  let now = 0;
  const limiter = new RateLimiter(2, () => now);
  now = 3_600_000;
  expect([limiter.take('acme').allowed, limiter.take('acme').allowed, limiter.take('acme').allowed]).toEqual([true, true, false]);
});
