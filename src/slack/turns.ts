/**
 * Work that may wait behind Slack's acknowledgements: a reply's rendering and its POST to
 * response_url. Under a burst, the answers of many requests arrive together (one shared
 * computation resolves them all) and, run back to back, they would hold the event loop while
 * new requests wait for their ack. Each caller of `afterAcks` goes on in a turn of the event
 * loop of its own, one per turn, with the new requests (the poll phase) read and acknowledged
 * between two turns. An idle loop runs them at once, one after the other.
 */
const waiting: (() => void)[] = [];
let pumping = false;

function pump(): void {
  waiting.shift()?.();
  // An immediate set from inside an immediate runs in the next turn, after the poll phase.
  if (waiting.length > 0) setImmediate(pump);
  else pumping = false;
}

/** Resolves in a later turn of the event loop, one caller per turn, in the order asked. */
export function afterAcks(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
