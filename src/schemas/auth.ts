import * as z from 'zod/mini';
import { Id, Num, Text } from './common.js';
import type { Holds, SameType } from './same-type.js';

/** `POST /api/auth/anonymous-token` data. */
export const AnonymousTokenSchema = z.pipe(
  z.looseObject({
    token: Text,
    user_id: z.optional(Id),
    expires_at: z.optional(z.string()),
    credits: z.optional(Num),
  }),
  z.transform(({ token, user_id, expires_at, credits, ...rest }) => ({ ...rest, token, userId: user_id, expiresAt: expires_at, credits })),
);
/**
 * A free anonymous token: 100 credits, valid 7 days.
 *
 * @example
 * ```ts
 * const { token, expiresAt, credits } = await nv.auth.anonymousToken({ clientId: crypto.randomUUID() });
 * ```
 */
export interface AnonymousToken {
  /** The Bearer token (`nmv_…`). Keep it secret: it spends the user's credits. */
  token: string;
  /** The anonymous user's id (`anon_…`), when sent. */
  userId: string | undefined;
  /** ISO time the token expires (7 days after issue), when sent. */
  expiresAt: string | undefined;
  /** The user's credit balance at issue (100 for a new anonymous user), when sent. */
  credits: number | undefined;
}
type _AnonymousToken = Holds<SameType<z.output<typeof AnonymousTokenSchema>, AnonymousToken>>;

/** `POST /api/auth/claim-token` data, with the link a browser opens to take the project over. */
export const ClaimTokenSchema = z.pipe(
  z.looseObject({ claim_token: Text, expires_in: z.optional(Num) }),
  z.transform(({ claim_token, expires_in, ...rest }) => ({
    ...rest,
    url: `https://nemovideo.com/workspace/claim?ct=${encodeURIComponent(claim_token)}`,
    claimToken: claim_token,
    expiresIn: expires_in,
  })),
);
/**
 * A one-time link that hands a session's project to a web account, without the token in it.
 *
 * @example
 * ```ts
 * const { url } = await nv.auth.claimLink({ taskId: session.taskId!, sessionId: session.id });
 * ```
 */
export interface ClaimLink {
  /** The link to open in a browser: `https://nemovideo.com/workspace/claim?ct=…`. */
  url: string;
  /** The one-time claim token inside `url` (`clm_…`); it is not a Bearer token. */
  claimToken: string;
  /** Seconds until the link stops working (about 7 days), when sent. */
  expiresIn: number | undefined;
}
type _ClaimLink = Holds<SameType<z.output<typeof ClaimTokenSchema>, ClaimLink>>;
