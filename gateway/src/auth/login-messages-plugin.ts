import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { message, negotiateLocale, type Locale, type MessageKey } from '@lotgraph/schema';

type Extensions = Record<string, unknown>;

/** Login's refusals, by code: the catalogue key and parameters their text is made of (the compliance subgraph's extensions). */
const LOGIN_REFUSALS: Record<string, (extensions: Extensions) => [MessageKey, Record<string, string | number>]> = {
  LOGIN_FAILED: (ext) => ['error.loginFailed', { lockAfter: Number(ext.lockAfter ?? 3) }],
  TOO_MANY_ATTEMPTS: (ext) => [
    ext.scope === 'client' ? 'error.tooManyAttemptsClient' : 'error.tooManyAttemptsAccount',
    { userId: String(ext.userId ?? ''), seconds: Number(ext.retryAfterSeconds ?? 0) },
  ],
};

function inLocale(error: GraphQLFormattedError, locale: Locale): GraphQLFormattedError {
  const refusal = LOGIN_REFUSALS[String(error.extensions?.code)];
  if (!refusal) return error;
  const [key, params] = refusal(error.extensions ?? {});
  return { ...error, message: message(locale, key, params) };
}

/**
 * Answers login's refusals (LOGIN_FAILED, TOO_MANY_ATTEMPTS) in the caller's language (Accept-Language): the people
 * most likely to read them have not logged in yet, so there is no account to take a language from.
 */
export const loginMessagesPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        const locale = negotiateLocale(request.http?.headers.get('accept-language'));
        if (locale === 'en' || response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((error) => inLocale(error, locale));
      },
    };
  },
};
