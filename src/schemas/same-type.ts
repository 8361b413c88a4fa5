// Compile-time checks that a schema's inferred output is exactly the plain public interface written beside it,
// so the two cannot drift: a field added to, dropped from or retyped in either fails `npm run typecheck`.

/** `true` when `A` and `B` are one type (not merely assignable either way: optional and `| undefined` differ). */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`: `type _ = Holds<SameType<z.output<typeof Schema>, PublicType>>`. */
export type Holds<T extends true> = T;
