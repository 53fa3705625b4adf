import { useEffect, useState } from 'react';

/**
 * False until the screen has painted what it first showed with this component, then true: for work that need not
 * hold that frame up (a request whose answer can show a moment later). A change that came over the lane's stream is
 * rendered and its effects run before the next frame, so a fetch started in an effect delays what the patron sees.
 */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame callback runs just before that frame is painted; a task it queues runs after.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
