/**
 * The benchmark's child processes (sweep workers, the server): `node --import tsx FILE` with an IPC channel. A
 * child says `{type: 'ready', …}` when it is up; commands carry an id and are answered `{id, ok, result|error}`;
 * other messages with a `type` go to `onMessage`. Every child is killed if the run is cut short.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const children = new Set<ChildProcess>();

export interface Child<Ready> {
  child: ChildProcess;
  ready: Ready;
  call<T>(command: object, timeoutMs?: number): Promise<T>;
  /** the next message of this type */
  next<T>(type: string, timeoutMs: number): Promise<T>;
}

interface Message {
  type?: string;
  id?: number;
  ok?: boolean;
  error?: string;
  result?: unknown;
}

export function startChild<Ready>(file: string, env: Record<string, string>, startTimeoutMs = 120_000): Promise<Child<Ready>> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const typed = new Map<string, (m: Message) => void>();
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not start within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`${file} exited (code ${code}, signal ${signal})`);
      failAll(error);
      reject(error);
    });
    child.on('message', (message: Message | null) => {
      if (!message) return;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          child,
          ready: message as Ready,
          call<T>(command: object, timeoutMs = 120_000) {
            const id = nextId++;
            return new Promise<T>((res, rej) => {
              const t = setTimeout(() => {
                waiting.delete(id);
                rej(new Error(`${file}: command took over ${timeoutMs / 1000} s`));
              }, timeoutMs);
              waiting.set(id, {
                resolve: (v) => (clearTimeout(t), res(v as T)),
                reject: (e) => (clearTimeout(t), rej(e)),
              });
              if (!child.connected) return waiting.get(id)!.reject(new Error(`${file} is gone`));
              child.send({ id, ...command }, (error) => error && waiting.get(id)?.reject(error));
            });
          },
          next<T>(type: string, timeoutMs: number) {
            return new Promise<T>((res, rej) => {
              const t = setTimeout(() => rej(new Error(`${file}: no ${type} within ${timeoutMs / 1000} s`)), timeoutMs);
              typed.set(type, (m) => (clearTimeout(t), res(m as T)));
              child.once('exit', () => rej(new Error(`${file} exited before sending ${type}`)));
            });
          },
        });
      } else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${file} failed to start: ${message.error}`));
      } else if (message.type) {
        typed.get(message.type)?.(message);
      } else if (typeof message.id === 'number') {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) w?.resolve(message.result);
        else w?.reject(new Error(message.error));
      }
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
