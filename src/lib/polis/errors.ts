/** Input the analysis cannot use (a malformed export, an unknown vote value): the message says what and where. */
export class PolisInputError extends Error {
  override name = 'PolisInputError';
}
