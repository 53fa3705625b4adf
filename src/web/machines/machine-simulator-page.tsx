// The machine simulator (sandbox only, like the wallet simulator): this page plays the machine. It asks the gateway
// for work with the machine's own key (the sandbox hands it a demo machine's), vends what was paid for, or jams (it
// never confirms, so the gateway refunds after the vend timeout) or reports a failure. A pump: once authorised, the
// amount dispensed is typed in and Finish confirms exactly that and releases the rest. Staff and developers read it,
// not patrons: English only.
import { useEffect, useRef, useState } from 'react';
import type { MachineView, PumpView } from '../../domain/machine';
import { formatMoney } from '../../domain/money';
import { errorMessage } from '../lib/api-client';
import { useFinishPump } from './api/finish-pump';
import { useMachine } from './api/get-machine';
import { useMachineJob } from './api/get-machine-job';
import { useSandboxKey } from './api/get-sandbox-key';
import { useReportVendFailed } from './api/report-vend-failed';
import { reportVended } from './api/report-vended';
import './machines.css';

export function MachineSimulatorPage({ machineId }: { machineId: string }) {
  const machine = useMachine(machineId);
  const key = useSandboxKey(machineId);
  if (machine.isError || key.isError) return <main className="machine-sim"><p role="alert" className="error">{errorMessage(machine.error ?? key.error)}</p></main>;
  if (machine.isPending || key.isPending) return <main className="machine-sim"><p>Loading…</p></main>;
  return (
    <main className="machine-sim">
      <p className="wallet-badge">Sandbox machine</p>
      <h1>{machine.data.name}</h1>
      <p><a href={`/machines/${encodeURIComponent(machineId)}/qr`}>Its sticker (QR code)</a></p>
      {machine.data.kind === 'pump' ? <PumpSimulator machine={machine.data} machineKey={key.data.key} /> : <VendingSimulator machine={machine.data} machineKey={key.data.key} />}
    </main>
  );
}

function VendingSimulator({ machine, machineKey }: { machine: MachineView; machineKey: string }) {
  const job = useMachineJob(machine.id, machineKey);
  const [jammed, setJammed] = useState(false);
  const [log, setLog] = useState<string[]>([]);
  const [retries, setRetries] = useState(0);
  const handled = useRef(new Set<string>());
  const vend = job.data?.vend ?? null;
  const note = (line: string) => setLog((lines) => [line, ...lines].slice(0, 20));

  useEffect(() => {
    if (!vend || jammed || handled.current.has(vend.vendId)) return;
    handled.current.add(vend.vendId);
    // The coil turns for a moment, then the machine confirms.
    const timer = setTimeout(() => {
      reportVended(machine.id, machineKey, vend.vendId).then(() => note(`Vended ${vend.name}`), (error: unknown) => {
        note(`Could not confirm ${vend.name}: ${errorMessage(error)}`);
        // Confirmed again, as long as the gateway still lists the vend as the job.
        handled.current.delete(vend.vendId);
        setRetries((count) => count + 1);
      });
    }, 800);
    return () => clearTimeout(timer);
  }, [vend, jammed, retries, machine.id, machineKey]);

  const fail = useReportVendFailed(machine.id, machineKey, (result) => note(`Reported a failure: ${result.name} will be refunded`));

  return (
    <>
      <label><input type="checkbox" checked={jammed} onChange={(event) => setJammed(event.target.checked)} /> Jam (never confirm a vend)</label>
      <section aria-label="Machine" className={`machine-sim-window${jammed ? ' jammed' : ''}`}>
        {vend ? (
          <p role="status">{jammed ? `Jammed: ${vend.name} is stuck` : `Vending ${vend.name}…`}</p>
        ) : (
          <p role="status">Ready: {machine.products.length} products</p>
        )}
        {vend && jammed && <button type="button" disabled={fail.isPending} onClick={() => fail.mutate({ vendId: vend.vendId, reason: 'the machine reported a jam' })}>Report failure</button>}
      </section>
      {fail.error && <p role="alert" className="error">{errorMessage(fail.error)}</p>}
      {job.error && <p role="alert" className="error">{errorMessage(job.error)}</p>}
      <h2>What the machine did</h2>
      <ul className="machine-sim-log" aria-label="Machine log">{log.map((line, index) => <li key={`${index}-${line}`}>{line}</li>)}</ul>
    </>
  );
}

function PumpSimulator({ machine, machineKey }: { machine: MachineView; machineKey: string }) {
  const job = useMachineJob(machine.id, machineKey);
  const [dispensed, setDispensed] = useState('');
  const [last, setLast] = useState<PumpView | null>(null);
  const pump = job.data?.pump ?? null;
  const cents = /^\d+(\.\d{1,2})?$/.test(dispensed) ? String(Math.round(Number(dispensed) * 100)) : null;
  const money = (amount: string) => formatMoney(amount, machine.currency);
  const finish = useFinishPump(machine.id, machineKey, (result) => {
    setLast(result);
    setDispensed('');
  });

  return (
    <>
      <section aria-label="Pump" className="machine-sim-window">
        {!pump && <p role="status">Idle: scan the sticker to authorise {money(machine.authoriseAmount ?? '0')}</p>}
        {pump && pump.status !== 'authorized' && <p role="status">Waiting for the customer to authorise {money(pump.authorised)}…</p>}
        {pump && pump.status === 'authorized' && (
          <>
            <p role="status">Authorised {money(pump.authorised)}: dispense</p>
            <form onSubmit={(event) => { event.preventDefault(); if (cents) finish.mutate({ holdId: pump.holdId, amount: cents }); }}>
              <label>Dispensed ($) <input inputMode="decimal" value={dispensed} onChange={(event) => setDispensed(event.target.value)} /></label>
              <button type="submit" disabled={!cents || finish.isPending}>Finish</button>
            </form>
          </>
        )}
      </section>
      {finish.error && <p role="alert" className="error">{errorMessage(finish.error)}</p>}
      {last && (
        <p role="status" aria-label="Last fill">
          Confirmed {money(last.confirmed)}{last.invoiceRef ? ` (invoice ${last.invoiceRef})` : ''}; released {money(last.released ?? '0')}
        </p>
      )}
    </>
  );
}
