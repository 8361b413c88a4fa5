/**
 * The walls between the rooms of src/ (src/README.md): what each room may import, that isomorphic rooms use
 * no Node built-in, that the CLI uses the package only through its public entry points, and that no module
 * imports itself round a cycle, not even at type level.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every room, by the folder (or file) it lives in, most specific first. */
const ROOMS = [
  { name: 'testing/server', path: 'testing/server/' },
  { name: 'testing', path: 'testing/' },
  { name: 'core', path: 'core/' },
  { name: 'schemas', path: 'schemas/' },
  { name: 'resources', path: 'resources/' },
  { name: 'studio', path: 'studio/' },
  { name: 'server', path: 'server/' },
  { name: 'jobs', path: 'jobs/' },
  { name: 'node', path: 'node/' },
  { name: 'cli', path: 'cli/' },
  { name: 'client', path: 'client.ts' },
  { name: 'client', path: 'index.ts' },
] as const;
type Room = (typeof ROOMS)[number]['name'];

/** The rooms each room may import from by relative path (its own included). */
const MAY_IMPORT: Record<Room, readonly Room[]> = {
  core: ['core'],
  schemas: ['schemas', 'core'],
  resources: ['resources', 'schemas', 'core'],
  client: ['client', 'resources', 'schemas', 'core'],
  // Its batch runs on jobs (runJobs and a JobStore): one mechanism for checkpoints, rules and results.
  studio: ['studio', 'jobs', 'client', 'resources', 'schemas', 'core'],
  // The web app's server: isomorphic (Workers too), so toNodeHandler takes Node's req and res by shape only.
  server: ['server', 'client', 'resources', 'schemas', 'core'],
  // The remedies and the concurrency limit it shares with Studio live in core (core/remedy.ts, core/concurrency-limit.ts).
  jobs: ['jobs', 'client', 'resources', 'schemas', 'core'],
  node: ['node', 'jobs', 'client', 'resources', 'schemas', 'core'],
  // The emulator stands in for the service: it shares no code with the SDK, so neither can mask the other's bug.
  testing: ['testing'],
  'testing/server': ['testing/server', 'testing'],
  // The CLI is the package's first user: it reaches the SDK only by package name (see PUBLIC_ENTRIES).
  cli: ['cli'],
};

/** Packages each room may import (besides its rooms); `node:` built-ins only where NODE_ONLY says. */
const PACKAGES: Record<Room, readonly string[]> = {
  core: ['ky', 'eventsource-parser', 'zod/mini'],
  schemas: ['zod/mini'],
  resources: ['zod/mini'],
  client: [],
  studio: [],
  server: [],
  jobs: [],
  node: [],
  testing: ['msw'],
  'testing/server': ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe', 'dejavu-fonts-ttf', '@fontsource/noto-sans-sc'],
  cli: ['nemo-video', 'nemo-video/studio', 'nemo-video/jobs', 'nemo-video/node', 'nemo-video/testing/server', 'yocto-spinner'],
};
const NODE_ONLY: readonly Room[] = ['node', 'testing/server', 'cli'];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
  });

const roomOf = (file: string): Room => {
  const path = relative(SRC, file);
  const room = ROOMS.find((r) => (r.path.endsWith('/') ? path.startsWith(r.path) : path === r.path));
  if (!room) throw new Error(`${path} is in no room: add it to src/README.md and ROOMS.`);
  return room.name;
};

/** Every import, export-from, import type and dynamic import of a file, with the file it resolves to. */
const importsOf = (file: string) =>
  ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName: specifier }) => ({
    specifier,
    target: specifier.startsWith('.') ? resolve(dirname(file), specifier.replace(/\.js$/, '.ts')) : undefined,
  }));

const modules = files(SRC).map((file) => ({ file, room: roomOf(file), imports: importsOf(file) }));
const name = (file: string) => relative(SRC, file);

describe('rooms', () => {
  test('every import stays inside the rooms its room may use', () => {
    const wrong = modules.flatMap(({ file, room, imports }) =>
      imports.flatMap(({ specifier, target }) => {
        if (target) return MAY_IMPORT[room].includes(roomOf(target)) ? [] : [`${name(file)} (${room}) imports ${name(target)} (${roomOf(target)})`];
        if (specifier.startsWith('node:')) return NODE_ONLY.includes(room) ? [] : [`${name(file)} (${room}, isomorphic) imports ${specifier}`];
        return PACKAGES[room].includes(specifier) ? [] : [`${name(file)} (${room}) imports the package ${specifier}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  test('the CLI imports the SDK only through the public entry points', () => {
    const cli = modules.filter((m) => m.room === 'cli');
    expect(cli.length).toBeGreaterThan(10);
    const entries = cli.flatMap((m) => m.imports.map((i) => i.specifier)).filter((s) => s.startsWith('nemo-video'));
    expect(new Set(entries)).toEqual(new Set(['nemo-video', 'nemo-video/studio', 'nemo-video/jobs', 'nemo-video/node', 'nemo-video/testing/server']));
  });

  test('only msw.ts imports msw, so only its users need it', () => {
    const users = modules.filter((m) => m.imports.some((i) => i.specifier === 'msw' || i.specifier.startsWith('msw/')));
    expect(users.map((m) => name(m.file))).toEqual(['testing/msw.ts']);
  });

  test('no import cycle, type-only imports included', () => {
    const edges = new Map(modules.map((m) => [m.file, m.imports.flatMap((i) => (i.target ? [i.target] : []))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of edges.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
