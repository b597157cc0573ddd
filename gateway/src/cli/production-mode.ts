/**
 * Imported first by the CLI, before graphql loads: graphql-js runs extra development-time checks on every
 * value it resolves unless NODE_ENV is production (a measurable share of a large trace, BENCHMARKS.md).
 * An explicit NODE_ENV (e.g. development) is left alone.
 */
process.env.NODE_ENV ??= 'production';
