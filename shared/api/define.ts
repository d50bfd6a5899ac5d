import type * as z from 'zod';

/** One StudioApi method: its name is its channel; input and output are validated on both sides. */
export interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
}

/** One StudioApi event: the host pushes payloads of this schema; subscribing returns an unsubscribe. */
export interface EventSpec<P extends z.ZodType> {
  payload: P;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export function event<P extends z.ZodType>(payload: P): EventSpec<P> {
  return { payload };
}
