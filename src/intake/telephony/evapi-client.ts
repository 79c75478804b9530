// TCP client for Kamailio's evapi socket: netstring JSON both ways, reconnects until stopped.
import { connect, type Socket } from 'node:net';
import { encodeNetstring, NetstringDecoder } from './netstring.ts';

export interface EvapiClientOptions {
  host: string;
  port: number;
  /** Delay before reconnecting after a lost or refused connection. */
  reconnectMs?: number;
  onMessage: (message: Record<string, unknown>) => void;
  onConnect?: () => void;
  onDisconnect?: (error: Error | null) => void;
  onError?: (error: Error) => void;
}

export class EvapiClient {
  readonly #options: EvapiClientOptions;
  #socket: Socket | null = null;
  #connected = false;
  #stopped = true;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: EvapiClientOptions) {
    this.#options = options;
  }

  get connected(): boolean {
    return this.#connected;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  /** Resolves once connected (or rejects after `timeoutMs`). */
  waitConnected(timeoutMs = 10_000): Promise<void> {
    if (this.#connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (this.#connected) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`evapi ${this.#options.host}:${this.#options.port} not reachable`));
        }
      }, 20);
    });
  }

  send(message: Record<string, unknown>): boolean {
    if (!this.#socket || !this.#connected) return false;
    return this.#socket.write(encodeNetstring(JSON.stringify(message)));
  }

  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const socket = this.#socket;
    this.#socket = null;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  #connect(): void {
    const decoder = new NetstringDecoder();
    const socket = connect({ host: this.#options.host, port: this.#options.port });
    socket.setNoDelay(true);
    this.#socket = socket;
    let failure: Error | null = null;
    socket.on('connect', () => {
      this.#connected = true;
      this.#options.onConnect?.();
    });
    socket.on('data', (chunk) => {
      let payloads: string[];
      try {
        payloads = decoder.push(chunk);
      } catch (error) {
        this.#options.onError?.(error as Error);
        socket.destroy();
        return;
      }
      for (const payload of payloads) {
        try {
          this.#options.onMessage(JSON.parse(payload) as Record<string, unknown>);
        } catch (error) {
          this.#options.onError?.(error as Error);
        }
      }
    });
    socket.on('error', (error) => {
      failure = error;
    });
    socket.on('close', () => {
      const was = this.#connected;
      this.#connected = false;
      if (this.#socket === socket) this.#socket = null;
      if (was) this.#options.onDisconnect?.(failure);
      if (!this.#stopped) {
        this.#timer = setTimeout(() => this.#connect(), this.#options.reconnectMs ?? 500);
      }
    });
  }
}
