import * as z from 'zod/mini';
import { Id, Num, Text } from './common.js';

/** `POST /api/auth/anonymous-token` data. */
export const AnonymousTokenSchema = z.pipe(
  z.looseObject({
    token: Text,
    user_id: z.optional(Id),
    expires_at: z.optional(z.string()),
    credits: z.optional(Num),
  }),
  z.transform(({ token, user_id, expires_at, credits, ...rest }) => ({
    ...rest,
    token,
    userId: user_id,
    expiresAt: expires_at,
    credits,
  })),
);
/** A free anonymous token: 100 credits, valid 7 days. */
export interface AnonymousToken extends z.output<typeof AnonymousTokenSchema> {}

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
/** A one-time link that hands a session's project to a web account, without the token in it. */
export interface ClaimLink extends z.output<typeof ClaimTokenSchema> {}
