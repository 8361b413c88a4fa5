import type { WireDraft } from '../draft.js';
import type { Random } from '../random.js';
import { ImageStore } from './image-store.js';
import type { MediaKind } from './media.js';
import type { MediaInfo } from './media-probe.js';

/** A user: anonymous ones come from the anonymous-token call, one per client id. */
export interface User {
  id: string;
  anonymous: boolean;
  /** Credits that can be spent now. */
  available: number;
  /** Credits held by agent runs in progress. */
  frozen: number;
}

/** A bearer token and whom it belongs to; `expiresAt` is epoch ms on the emulator's clock. */
export interface TokenGrant {
  token: string;
  userId: string;
  expiresAt: number;
}

/** A file the session knows: uploaded, or added by URL; its duration, size and fps as probed. */
export interface MediaRecord extends MediaInfo {
  filename: string;
  fileType: MediaKind;
  /** Where it can be fetched (the emulator's `/files/…`, or the URL it was added from). */
  url: string;
  hash: string;
}

/** One chat session (and its task, i.e. project). */
export interface SessionRecord {
  id: string;
  taskId: string;
  taskName: string;
  language: string;
  userId: string;
  createdAt: number;
  /** The timeline; undefined until something is generated or uploaded. */
  draft: WireDraft | undefined;
  media: MediaRecord[];
  /** What the agent generated (one entry per generated clip). */
  generated: Array<Record<string, unknown>>;
  /** What the agent noted about uploaded media. */
  analyses: Array<Record<string, unknown>>;
}

/** A render job. Its progress is computed from `createdAt` and the clock when asked. */
export interface RenderJob {
  id: string;
  userId: string;
  sessionId: string;
  createdAt: number;
  /** Clock time at which the renderer delivered; undefined while it works. */
  readyAt?: number;
  /** Name under `/files/` once rendered. */
  fileName?: string;
  failure?: string;
  cancelledAt?: number;
}

/** A file the emulator serves under `/files/<name>` (its CDN). */
export interface StoredFile {
  /** A Blob, so every (ranged) read slices it rather than copying the bytes first. */
  body: Blob;
  type: string;
}

/**
 * The emulator's whole in-memory world: users, tokens, sessions, render jobs and files. Ids come from the
 * seeded generator so a run is reproducible.
 */
export class Store {
  readonly users = new Map<string, User>();
  readonly tokens = new Map<string, TokenGrant>();
  /** Anonymous client id → user id: the same installation keeps its user (and credits) across tokens. */
  readonly clients = new Map<string, string>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly renders = new Map<string, RenderJob>();
  readonly files = new Map<string, StoredFile>();
  /** The uploaded images among `files`, for renderers to draw (bounded: see {@link ImageStore}). */
  readonly images = new ImageStore();

  constructor(readonly ids: Random) {}

  /** A user with `credits`; anonymous ones get an `anon_` id, registered ones `user_`. */
  createUser({ credits, anonymous }: { credits: number; anonymous: boolean }): User {
    const user: User = { id: `${anonymous ? 'anon' : 'user'}_${this.ids.hex(16)}`, anonymous, available: credits, frozen: 0 };
    this.users.set(user.id, user);
    return user;
  }

  /** A new token for `userId`, valid until `expiresAt`. Earlier tokens stay valid until their own expiry. */
  issueToken(userId: string, expiresAt: number): TokenGrant {
    const grant = { token: `nmv_usr_${this.ids.hex(32)}`, userId, expiresAt };
    this.tokens.set(grant.token, grant);
    return grant;
  }

  /** The user behind a client id, created with `credits` on its first token. */
  userForClient(clientId: string, credits: number): User {
    const known = this.users.get(this.clients.get(clientId) ?? '');
    if (known) return known;
    const user = this.createUser({ credits, anonymous: true });
    this.clients.set(clientId, user.id);
    return user;
  }

  createSession(userId: string, taskName: string, language: string, now: number): SessionRecord {
    const session: SessionRecord = {
      id: this.ids.digits(19),
      taskId: `task_${this.ids.hex(16)}`,
      taskName,
      language,
      userId,
      createdAt: now,
      draft: undefined,
      media: [],
      generated: [],
      analyses: [],
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session if it exists and belongs to `userId`: another user's session is as good as missing. */
  session(id: unknown, userId: string): SessionRecord | undefined {
    const session = typeof id === 'string' ? this.sessions.get(id) : undefined;
    return session?.userId === userId ? session : undefined;
  }

  /** Holds `amount` credits for a run; false when the user has fewer available. */
  freeze(user: User, amount: number): boolean {
    if (user.available < amount) return false;
    user.available -= amount;
    user.frozen += amount;
    return true;
  }

  /** The run finished: the held credits are spent. */
  settle(user: User, amount: number): void {
    user.frozen -= amount;
  }

  /** The run failed: the held credits go back. */
  release(user: User, amount: number): void {
    user.frozen -= amount;
    user.available += amount;
  }
}
