/** A command line that cannot be run as given; main prints the usage after it. */
export class UsageError extends Error {}
