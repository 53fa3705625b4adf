// The front door (/): every screen of this till, read from its configuration: each lane's cashier screen and display
// (a kiosk lane's kiosk), each machine's patron page and sticker (and its simulator), and on the sandbox the wallet
// simulator and the patrons' codes. For whoever sets the shop up or tries it; the screens themselves never link here.
import type { ReactNode } from 'react';
import type { MachineKind } from '../../domain/machine-kind';
import { usePosConfig, type PosConfig } from '../config/api/get-config';
import { errorMessage } from '../lib/api-client';
import './home.css';

export function HomePage() {
  const config = usePosConfig();
  if (config.isError) return <main className="screen-message" role="alert">{errorMessage(config.error)}</main>;
  if (!config.data) return <main className="screen-message">Loading…</main>;
  const { sandbox, merchantName } = config.data;
  return (
    <div className="home">
      <header className="home-header">
        <h1>centrapay-pos</h1>
        <p>{[merchantName, sandbox ? 'on the Centrapay sandbox: no real money moves' : 'connected to Centrapay'].filter(Boolean).join(' · ')}</p>
      </header>
      <main className="home-main">
        <Lanes config={config.data} />
        {config.data.machines.length > 0 && <Machines machines={config.data.machines} sandbox={sandbox} />}
        {sandbox && <Sandbox />}
      </main>
    </div>
  );
}

const laneHref = (page: string, lane: string) => `/${page}?lane=${encodeURIComponent(lane)}`;

function Lanes({ config }: { config: PosConfig }) {
  return (
    <Card id="home-lanes" title="Lanes" wide
      hint="Open a till’s cashier screen on the till and its display on a screen the customer faces (any number of displays may follow one lane).">
      {config.lanes.map((lane) => (
        <Place key={lane.id} name={lane.name}>
          <PlaceLink href={laneHref('cashier', lane.id)} text="Cashier" place={lane.name} />
          <PlaceLink href={laneHref('display', lane.id)} text="Display" place={lane.name} />
        </Place>
      ))}
      {config.kiosks.map((kiosk) => (
        <Place key={kiosk.id} name={kiosk.name} kind="Self-checkout kiosk">
          <PlaceLink href={laneHref('kiosk', kiosk.id)} text="Kiosk" place={kiosk.name} />
        </Place>
      ))}
    </Card>
  );
}

const MACHINE_KINDS: Record<MachineKind, string> = { vending: 'Vending machine', pump: 'Pump' };

function Machines({ machines, sandbox }: { machines: PosConfig['machines']; sandbox: boolean }) {
  return (
    <Card id="home-machines" title="Machines" hint="A patron scans a machine’s sticker and pays on its patron page.">
      {machines.map((machine) => {
        const path = `/machines/${encodeURIComponent(machine.id)}`;
        return (
          <Place key={machine.id} name={machine.name} kind={MACHINE_KINDS[machine.kind]}>
            <PlaceLink href={`${path}/pay`} text="Patron page" place={machine.name} />
            <PlaceLink href={`${path}/qr`} text="Sticker" place={machine.name} />
            {/* The simulator plays the machine itself: only the sandbox has one. */}
            {sandbox && <PlaceLink href={path} text="Simulator" place={machine.name} />}
          </Place>
        );
      })}
    </Card>
  );
}

function Sandbox() {
  return (
    <Card id="home-sandbox" title="Sandbox" hint="Play the customer: the test patrons’ wallets pay what the screens ask for.">
      <Place name="Wallet simulator" kind="what a phone opens from a Centrapay QR code">
        <PlaceLink href="/sandbox/wallet" text="Open the wallet" />
      </Place>
      <Place name="Patron codes" kind="Alice’s and Bob’s codes, test cards and vouchers to show at the till">
        <PlaceLink href="/sandbox/codes" text="My codes" />
      </Place>
    </Card>
  );
}

function Card({ id, title, hint, wide = false, children }: { id: string; title: string; hint: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={wide ? 'home-card home-card-wide' : 'home-card'} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>{hint}</p>
      <ul className="home-places">{children}</ul>
    </section>
  );
}

function Place({ name, kind, children }: { name: string; kind?: string; children: ReactNode }) {
  return (
    <li className="home-place">
      <span className="home-place-name">{name}{kind && <span className="home-place-kind"> {kind}</span>}</span>
      <span className="home-links">{children}</span>
    </li>
  );
}

/** A link named by what it opens and, where several places have one, whose it is ("Cashier for Till 1"). */
function PlaceLink({ href, text, place }: { href: string; text: string; place?: string }) {
  return <a href={href}>{text}{place && <span className="visually-hidden"> for {place}</span>}</a>;
}
