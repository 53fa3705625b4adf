// The header of the till's back-office screens (history, a sale, a tab, end of day, settings): where you are, and the
// way back.
type Screen = 'history' | 'sale' | 'reports' | 'settings';

export function TillHeader({ lane, lanes, title, current }: { lane: string; lanes: { id: string; name: string }[]; title: string; current: Screen }) {
  const laneName = lanes.find((each) => each.id === lane)?.name ?? lane;
  const to = (path: string) => `${path}?lane=${encodeURIComponent(lane)}`;
  return (
    <header className="cashier-header">
      <h1>{title} <span className="muted">· {laneName}</span></h1>
      <nav aria-label="Till" className="till-nav">
        <a href={to('/cashier')}>Back to the till</a>
        <a href={to('/history')} aria-current={current === 'history' ? 'page' : undefined}>Sales history</a>
        <a href={to('/reports')} aria-current={current === 'reports' ? 'page' : undefined}>End of day</a>
        <a href={to('/settings')} aria-current={current === 'settings' ? 'page' : undefined}>Settings</a>
      </nav>
    </header>
  );
}
