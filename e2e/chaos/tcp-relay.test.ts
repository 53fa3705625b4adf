// The relay passes bytes both ways from the address it was given; a partition resets open connections and refuses
// new ones until it heals.
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { TcpRelay } from './tcp-relay';

let server: Server | undefined;
let relay: TcpRelay | undefined;

afterEach(async () => {
  await relay?.stop();
  server?.close();
});

/** An echo server that also says who called: "<address>:<what was sent>". */
async function echo(): Promise<number> {
  server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (data) => socket.write(`${socket.remoteAddress}:${String(data)}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

async function ask(port: number, what: string): Promise<{ socket: Socket; answer: string }> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.write(what);
  const [data] = (await once(socket, 'data')) as [Buffer];
  return { socket, answer: String(data) };
}

it('relays from its own address; a partition cuts open connections and refuses new ones until it heals', async () => {
  relay = await TcpRelay.start({ host: '127.0.0.1', port: await echo() }, '127.0.0.11');
  const { socket, answer } = await ask(relay.port, 'hello');
  expect(answer).toBe('127.0.0.11:hello');

  relay.partition(true);
  const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
  expect(error.code).toBe('ECONNRESET');
  await expect(ask(relay.port, 'again')).rejects.toMatchObject({ code: 'ECONNRESET' });

  relay.partition(false);
  expect((await ask(relay.port, 'healed')).answer).toBe('127.0.0.11:healed');
});
