import { OrderedLane } from './ordered-lane';

/** A piece of work that runs until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OrderedLane', () => {
  it("takes owners in turns, each owner's lowest order key first", async () => {
    const lane = new OrderedLane(1);
    const first = gate();
    const started: string[] = [];
    const piece = (owner: string, orderKey: number) => lane.run({ owner, orderKey }, async () => void started.push(`${owner}${orderKey}`));
    const running = lane.run({ owner: 'a', orderKey: 0 }, async () => {
      started.push('a0');
      await first.promise;
    });
    const queued = [piece('a', 5), piece('a', 3), piece('a', 9), piece('b', 100), piece('a', 3), piece('c', 1)];
    await settle();
    expect(started).toEqual(['a0']);
    expect(lane.queued).toBe(6);
    first.open();
    await Promise.all([running, ...queued]);
    // b and c were never served: they go before a again (b came first); then a's keys in order, ties by arrival.
    expect(started).toEqual(['a0', 'b100', 'c1', 'a3', 'a3', 'a5', 'a9']);
  });

  it('runs at most `permits` pieces at once and frees a permit when a piece fails', async () => {
    const lane = new OrderedLane(2);
    let inFlight = 0;
    let most = 0;
    const pieces = Array.from({ length: 6 }, (_, i) =>
      lane.run({ owner: 'a', orderKey: i }, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await settle();
        inFlight--;
        if (i === 1) throw new Error('piece 1 failed');
        return i;
      }),
    );
    const outcomes = await Promise.allSettled(pieces);
    expect(most).toBe(2);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(lane.queued).toBe(0);
  });

  it('tells a running piece whether a permit is free: yes when it runs alone, no once work waits', async () => {
    const lane = new OrderedLane(2);
    const seen: number[] = [];
    const first = gate();
    const alone = lane.run({ owner: 'a', orderKey: 0 }, async () => {
      seen.push(lane.freePermits);
      await first.promise;
    });
    await settle();
    const second = gate();
    const beside = lane.run({ owner: 'a', orderKey: 1 }, async () => {
      seen.push(lane.freePermits);
      await second.promise;
    });
    const waiting = lane.run({ owner: 'a', orderKey: 2 }, async () => void seen.push(lane.freePermits));
    await settle();
    first.open();
    await Promise.all([alone, waiting]);
    // The third piece took the first one's permit straight away, while the second still held the other.
    expect(seen).toEqual([1, 0, 0]);
    second.open();
    await beside;
    expect(lane.freePermits).toBe(2);
  });

  it('takes an aborted piece out of the queue without running it', async () => {
    const lane = new OrderedLane(1);
    const first = gate();
    const running = lane.run({ owner: 'a', orderKey: 0 }, () => first.promise);
    const controller = new AbortController();
    let ran = false;
    const aborted = lane.run({ owner: 'a', orderKey: 1 }, async () => void (ran = true), controller.signal);
    const after = lane.run({ owner: 'a', orderKey: 2 }, async () => 'after');
    await settle();
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    expect(lane.queued).toBe(1);
    first.open();
    await expect(after).resolves.toBe('after');
    await running;
    expect(ran).toBe(false);
  });

  it('refuses a lane without permits', () => {
    expect(() => new OrderedLane(0)).toThrow('permits must be a positive integer');
  });
});
