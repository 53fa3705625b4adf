// The till's left-hand side: one view at a time (the products, the bar tabs, the lane's recent payments), chosen by
// tabs, beside the cart that never moves. Views not shown stay mounted, so a half-typed tab keeps its words.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TillView {
  id: string;
  label: string;
  content: ReactNode;
}

export function TillViews({ views }: { views: readonly TillView[] }) {
  const [chosen, setChosen] = useState(views[0]!.id);
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  // The tabs pattern (WAI-ARIA): arrow keys move between tabs and show the one reached.
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const index = views.findIndex((view) => view.id === chosen);
    const next = views[(index + step + views.length) % views.length]!;
    setChosen(next.id);
    tabs.current.get(next.id)?.focus();
  };
  return (
    <div className="till-views">
      <div role="tablist" aria-label="Till views" className="till-tabs" onKeyDown={onKeyDown}>
        {views.map((view) => (
          <button key={view.id} ref={(element) => { if (element) tabs.current.set(view.id, element); }} type="button" role="tab"
            id={`till-tab-${view.id}`} aria-controls={`till-view-${view.id}`} aria-selected={view.id === chosen}
            tabIndex={view.id === chosen ? 0 : -1} onClick={() => setChosen(view.id)}>{view.label}</button>
        ))}
      </div>
      {views.map((view) => (
        <div key={view.id} role="tabpanel" id={`till-view-${view.id}`} aria-labelledby={`till-tab-${view.id}`} className="till-view" hidden={view.id !== chosen}>
          {view.content}
        </div>
      ))}
    </div>
  );
}
