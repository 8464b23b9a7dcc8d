import { OrderedLane } from './ordered-lane';
import { currentChildNiceness } from './process-priority';

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
    const queued = [piece('a', 5), piece('a', 3), piece('a', 9), piece('b', 100), piece('a', 3), piece('c', 1), piece('b', 50)];
    await settle();
    // b100, the only piece of b, ran beside the permit; c1 came while it ran and waits like the others.
    expect(started).toEqual(['a0', 'b100']);
    expect(lane.queued).toBe(6);
    first.open();
    await Promise.all([running, ...queued]);
    // b and c were never given a permit: they go before a again (c came first); then a's keys in order, ties by arrival.
    expect(started).toEqual(['a0', 'b100', 'c1', 'b50', 'a3', 'a3', 'a5', 'a9']);
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

  it("runs a piece older than the rest of its owner's work beside the permits, one such piece at a time", async () => {
    const lane = new OrderedLane(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const piece = (orderKey: number, wait?: Promise<void>) =>
      lane.run({ owner: 'a', orderKey }, async () => {
        started.push(orderKey);
        await wait;
      });
    // Jobs 2 and 3 hold both permits, job 4 waits; then jobs 1 and 0 come back for their next step.
    const pieces = [piece(2, gates[0]!.promise), piece(3, gates[1]!.promise), piece(4)];
    await settle();
    pieces.push(piece(1, gates[2]!.promise), piece(0));
    await settle();
    expect(started).toEqual([2, 3, 1]);
    expect(lane.freePermits).toBe(0);
    // Job 0 came while job 1 ran beside: it waited for a permit, and takes the first one to free before job 4.
    gates[0]!.open();
    await Promise.all(pieces.slice(0, 1).concat(pieces.slice(2, 3)));
    expect(started).toEqual([2, 3, 1, 0, 4]);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(pieces);
    expect(lane.freePermits).toBe(2);
  });

  it("lowers the CPU priority of child processes behind an older piece of their owner's", async () => {
    const lane = new OrderedLane(2);
    const first = gate();
    const seen: Record<string, number> = {};
    const piece = (owner: string, orderKey: number, wait?: Promise<void>) =>
      lane.run({ owner, orderKey }, async () => {
        seen[`${owner}${orderKey}`] = currentChildNiceness();
        await wait;
      });
    const oldest = piece('a', 0, first.promise);
    await settle();
    await Promise.all([piece('a', 1), piece('b', 7)]);
    first.open();
    await oldest;
    expect(seen).toEqual({ a0: 0, a1: 10, b7: 0 });
    expect(currentChildNiceness()).toBe(0);
  });

  it('refuses a lane without permits', () => {
    expect(() => new OrderedLane(0)).toThrow('permits must be a positive integer');
  });
});
