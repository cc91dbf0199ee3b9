/**
 * An error the tooling reports to the maintainer as one line (no stack): bad input, a missing file, a contract that
 * no longer matches its configuration. Anything else is a bug in the tooling and keeps its stack.
 */
export class ContractToolingError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'ContractToolingError';
  }
}
