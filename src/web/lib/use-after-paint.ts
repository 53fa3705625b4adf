import { useEffect, useState } from 'react';

/**
 * Runs `work` once the frame being drawn now has been painted; answers a function that cancels it. For work that need
 * not hold that frame up: a change that came over the lane's stream is rendered and its effects run before the next
 * frame, so a request started in an effect delays what the screens show (and, on a till with displays beside it, what
 * they show too).
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A frame callback runs just before that frame is painted; a task it queues runs after.
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(work);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** False until the screen has painted what it first showed with this component, then true. */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => afterPaint(() => setPainted(true)), []);
  return painted;
}
