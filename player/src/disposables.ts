/** A function that undoes one registration: a listener, a timer or an object. */
export type Dispose = () => void;

/** Adds an event listener and returns the function that removes it again. */
export function listen(
  target: EventTarget,
  type: string,
  listener: EventListener,
  options?: AddEventListenerOptions,
): Dispose {
  target.addEventListener(type, listener, options);
  return () => target.removeEventListener(type, listener, options);
}

/** Collects Dispose functions and runs them all, newest first, exactly once. */
export class Disposables {
  private readonly pending: Dispose[] = [];

  add(dispose: Dispose): void {
    this.pending.push(dispose);
  }

  dispose(): void {
    while (this.pending.length > 0) {
      const dispose = this.pending.pop() as Dispose;
      dispose();
    }
  }
}
