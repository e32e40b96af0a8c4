import type { ValueMask } from "./plan-format";

/** Maximum length of a value, as rendered JSON, that the summary prints. Longer values show only their name. */
export const MAX_SHOWN_VALUE_LENGTH = 40;

/**
 * Attribute names whose values the summary never prints, even when the
 * provider does not mark them sensitive (the TLS provider marks
 * `private_key_pem`, but not every provider marks every secret).
 */
const SECRET_NAME_PATTERN =
  /private_key|secret|password|passphrase|token|signing_key|api_key|access_key/i;

/** Resource types whose values are key material in every attribute. */
const KEY_MATERIAL_TYPES: ReadonlySet<string> = new Set(["tls_private_key"]);

const PRIVATE_KEY_TEXT = /PRIVATE KEY/;

/** Returns the part of a mask that covers one attribute. */
export function maskAt(
  mask: ValueMask | undefined,
  key: string,
): ValueMask | undefined {
  if (mask === undefined || typeof mask === "boolean") return mask;
  if (Array.isArray(mask)) return undefined;
  return (mask as Record<string, ValueMask>)[key];
}

/** Returns true when a mask marks the value, or any part of it. */
export function masksAnything(mask: ValueMask | undefined): boolean {
  if (mask === true) return true;
  if (mask === undefined || mask === false) return false;
  const parts: ValueMask[] = Array.isArray(mask)
    ? [...mask]
    : Object.values(mask);
  return parts.some(masksAnything);
}

/**
 * Returns true when a value must not be printed: it is marked sensitive
 * (wholly or in part), it belongs to key material, its name looks like a
 * secret, or its text contains a private key.
 */
export function mustHideValue(
  resourceType: string,
  attribute: string,
  value: unknown,
  sensitiveMask: ValueMask | undefined,
): boolean {
  if (masksAnything(sensitiveMask)) return true;
  if (KEY_MATERIAL_TYPES.has(resourceType)) return true;
  if (SECRET_NAME_PATTERN.test(attribute)) return true;
  const text = JSON.stringify(value) ?? "";
  return PRIVATE_KEY_TEXT.test(text);
}

/**
 * Renders a scalar value for the summary, or returns undefined when it is
 * not a scalar, is too long, or would break the Markdown code span.
 */
export function renderShortValue(value: unknown): string | undefined {
  if (value === null) return "null";
  if (!["string", "number", "boolean"].includes(typeof value)) return undefined;
  const text = JSON.stringify(value);
  if (text.length > MAX_SHOWN_VALUE_LENGTH || /[`\n\r|]/.test(text))
    return undefined;
  return text;
}
