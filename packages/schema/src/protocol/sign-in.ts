import { z } from 'zod';
import { userAnswer } from './user.js';

/** `POST /api/auth/sign-in` and `POST /api/login`: the credentials. */
export const signInBody = z
  .object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
  .meta({ id: 'SignInBody' });

/** `POST /api/auth/sign-in` → the token for `Authorization: Bearer`, and when it stops working. */
export const signInAnswer = z
  .object({
    user: userAnswer,
    token: z.string(),
    expires_at: z.iso.datetime().meta({ description: 'ISO 8601' }),
  })
  .meta({ id: 'SignInAnswer' });
export type SignInAnswer = z.output<typeof signInAnswer>;

/** `POST /api/login` (older Hikma apps): the user's fields and the token side by side. */
export const loginAnswer = userAnswer
  .extend({ token: z.string(), expires_at: z.iso.datetime() })
  .meta({ id: 'LoginAnswer' });
