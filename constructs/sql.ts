/** PostgreSQL text for the SQL the platform generates (the services' roles and schemas). */

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A role or schema name, double-quoted. Only lower-case identifiers of at most 63 characters are
 * accepted, so that the quoted name is the one PostgreSQL folds an unquoted reference to.
 */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `sqlIdentifier: got ${JSON.stringify(name)}; allowed: lower-case letters, digits and _, starting with a letter or _, at most 63; hint: derive it from the service name with _ for -`,
    );
  }
  return `"${name}"`;
}

/** A string literal: single-quoted, with quotes doubled. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
