/** Ids that become part of storage keys or workflow ids: no slashes, dots or spaces, so they cannot escape a prefix. */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const SAFE_ID_RULE = 'must be 1-128 letters, digits, "-" or "_", starting with a letter or digit';
